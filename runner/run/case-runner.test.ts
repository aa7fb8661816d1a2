import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { startMockServer } from '../../mocks/server.js';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { runQuietly } from '../../test/helpers/run.js';
import type { CaseStep, Expectation, Suite, SuiteCase } from '../suite/types.js';

const contracts = loadContracts(PROFILE_IDS);

/** A suite of raw (undocumented) steps: no contract check runs, only what each step expects. */
function suite(...cases: SuiteCase[]): Suite {
  return { profile: 'vcf', cases };
}

function kase(id: string, steps: CaseStep[]): SuiteCase {
  return { id, title: id, steps };
}

/** A real loopback server answering with `handler`; the paths it saw, in order. */
async function serve(
  t: Test,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  // Listening on TCP, so address() is an AddressInfo (a string only for a pipe).
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
  };
}

const withAdmin =
  (clockStatus: number) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/__admin/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (req.url === '/__admin/clock') {
      if (clockStatus === 0) req.socket.destroy();
      else res.writeHead(clockStatus).end();
    } else res.writeHead(200).end();
  };

t.test('a clock step moves the mock clock and shows as a step', async (t) => {
  const mock = await startMockServer({ port: 0, seed: 1, contracts });
  t.teardown(() => mock.close());
  const report = await runQuietly(
    mock.url,
    [
      suite(
        kase('clock', [
          { name: 'move the clock', advanceClock: 90_000 },
          {
            name: 'read it',
            request: { method: 'GET', path: '/__admin/clock' },
            expect: { status: [200], body: [{ path: '/offsetSeconds', equals: 90_000 }] },
          },
        ]),
      ),
    ],
    contracts,
  );
  const [c] = report.cases;
  t.equal(c?.status, 'passed', JSON.stringify(c?.failures));
  t.same(
    c?.steps.map((s) => [s.name, s.method, new URL(s.url).pathname, s.status]),
    [
      ['move the clock', 'POST', '/__admin/clock', 200],
      ['read it', 'GET', '/__admin/clock', 200],
    ],
  );
});

t.test('a clock step the target refuses fails the case as a harness failure', async (t) => {
  for (const [status, said] of [
    [500, 'answered 500'],
    [0, 'failed:'],
  ] as const) {
    const target = await serve(t, withAdmin(status));
    const report = await runQuietly(
      target.url,
      [
        suite(
          kase('clock', [
            { name: 'move', advanceClock: 60 },
            { name: 'never sent', request: { path: '/x' } },
          ]),
        ),
      ],
      contracts,
    );
    const [c] = report.cases;
    t.equal(c?.status, 'failed', `clock answer ${status}: not a pass`);
    t.same(
      c?.failures.map((f) => [f.check, f.title, f.severity, f.step]),
      [['harness', 'Clock could not be moved', 'must', 'move']],
    );
    t.match(c?.failures[0]?.message, said);
    t.notOk(target.seen.includes('GET /x'), 'the case stopped at the clock step');
    t.equal(report.exitCode, 1);
  }
});

t.test('a case with a clock step needs the admin API and runs last, even without `requires`', async (t) => {
  const bare = await serve(t, (_req, res) => res.writeHead(200).end());
  const skipped = await runQuietly(
    bare.url,
    [suite(kase('clock', [{ name: 'move', advanceClock: 60 }]))],
    contracts,
  );
  t.equal(skipped.cases[0]?.status, 'skipped');
  t.match(skipped.cases[0]?.reason, /needs a tokenrig mock/);

  const admin = await serve(t, withAdmin(200));
  const report = await runQuietly(
    admin.url,
    [
      suite(
        kase('clock', [{ name: 'move', advanceClock: 60 }]),
        kase('plain', [{ name: 'get', request: { path: '/plain' }, expect: { status: [200] } }]),
      ),
    ],
    contracts,
  );
  t.same(
    report.cases.map((c) => [c.id, c.status]),
    [
      ['clock', 'passed'],
      ['plain', 'passed'],
    ],
    'reported in suite order',
  );
  t.ok(
    admin.seen.indexOf('POST /__admin/clock') > admin.seen.indexOf('GET /plain'),
    'sent after the other case',
  );
});

t.test('preferStatus is a should finding, judged only where `status` held', async (t) => {
  const target = await serve(t, (_req, res) => res.writeHead(404).end());
  const step = (expect: Expectation): CaseStep => ({ name: 'get', request: { path: '/x' }, expect });
  const cases = [
    kase('inside', [step({ status: ['4XX'], preferStatus: [401] })]),
    kase('alone', [step({ preferStatus: [401, 403] })]),
    kase('outside', [step({ status: [200], preferStatus: [401] })]),
    kase('held', [step({ status: ['4XX'], preferStatus: [404] })]),
  ];
  const report = await runQuietly(target.url, [suite(...cases)], contracts);
  const findings = Object.fromEntries(
    report.cases.map((c) => [
      c.id,
      [c.status, ...c.failures.map((f) => `${f.severity} ${f.title}: ${f.message}`)],
    ]),
  );
  t.same(findings, {
    inside: ['passed', 'should Status differs from the expected one: Received: 404 / Expected (should): 401'],
    alone: [
      'passed',
      'should Status differs from the expected one: Received: 404 / Expected (should): 401, 403',
    ],
    outside: ['failed', 'must Unexpected HTTP status: Received: 404 / Expected: 200'],
    held: ['passed'],
  });
  const strict = await runQuietly(target.url, [suite(...cases.slice(0, 1))], contracts, { strict: true });
  t.equal(strict.cases[0]?.status, 'failed', '--strict fails on it');
});
