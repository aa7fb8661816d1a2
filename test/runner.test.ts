import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import { loadSuites } from '../runner/suite/load.js';
import { PROFILE_IDS } from '../schemas/load.js';
import { startSilentTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { contracts, failedIds, run } from './helpers/runner.js';

// A whole run against tokenrig's own mock: what passes, what cannot start, what the harness does.

t.test('every case of every profile passes against the mock, --strict included', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const report = await run(mock.url, PROFILE_IDS, { strict: true });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.same(failedIds(report), [], 'no case failed');
  t.same(
    report.cases.flatMap((c) => c.failures.map((f) => `${c.id}: ${f.title}`)),
    [],
    'not even a should finding',
  );
  t.equal(report.cases.filter((c) => c.status === 'skipped').length, 0, 'the mock supports every case');
  t.same(
    report.profiles.map((p) => p.profile),
    ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi'],
  );
  for (const p of report.profiles) t.ok(p.total >= 8, `${p.profile} has ${p.total} cases`);
});

t.test('an unreachable target or a failed login exits 3; a case that breaks later exits 1', async (t) => {
  const silent = await startSilentTarget();
  const hung = await run(silent.url, ['vcf'], { timeoutMs: 200 });
  await silent.close();
  t.equal(hung.exitCode, EXIT.UNREACHABLE);
  t.match(hung.exitReason, /unreachable.*no complete response within 200 ms/);

  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const closed = await run(`http://127.0.0.1:${port}`, ['vcf'], { timeoutMs: 500 });
  t.equal(closed.exitCode, EXIT.UNREACHABLE);
  t.match(closed.exitReason, /connection refused/);
  t.ok(closed.cases.every((c) => c.status === 'skipped' && /unreachable/.test(c.reason ?? '')));

  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const badLogin = await run(mock.url, ['flolive'], { password: 'wrong' });
  t.equal(badLogin.exitCode, EXIT.UNREACHABLE);
  t.match(badLogin.exitReason, /flolive: session bootstrap failed/);
});

t.test('tokens supplied with --var replace the bootstrap', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const login = (await (
    await fetch(`${mock.url}/api/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    })
  ).json()) as { jwtToken: string; refreshToken: string };
  const report = await run(mock.url, ['kirjaswappi'], {
    vars: { accessToken: login.jwtToken, refreshToken: login.refreshToken },
    grep: /kirjaswappi\.refresh\.(success|no-rotation)/,
    // The tokens come from the mock's own world; by default the run would be in a fresh namespace.
    namespace: false,
  });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.equal(report.cases.length, 2);
  t.ok(
    report.cases.every((c) => c.steps.every((s) => !s.name.startsWith('bootstrap'))),
    'no case logged in by itself',
  );
  t.notMatch(JSON.stringify(report), login.refreshToken, 'the supplied token is redacted');
});

t.test('harness behaviour: referenced schemas, a crashing check, redirects', async (t) => {
  const mini = loadSuites(
    [fileURLToPath(new URL('./fixtures/suites/kirjaswappi-mini.json', import.meta.url))],
    contracts,
  ).map((s) => s.suite);
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());

  const report = await run(mock.url, ['kirjaswappi'], { suites: mini });
  const byId = new Map(report.cases.map((c) => [c.id, c]));
  t.equal(
    byId.get('kirjaswappi.refresh.happy-path')?.status,
    'passed',
    'a body matching the referenced schema passes',
  );
  t.match(byId.get('kirjaswappi.refresh.wrong-shape'), {
    status: 'failed',
    failures: [
      {
        title: 'Response violates the referenced schema',
        message: /refresh\.response\.schema\.json: \(body\) must have required property 'jwtToken'/,
      },
    ],
  });

  const crashing = await run(mock.url, ['kirjaswappi'], {
    suites: mini,
    grep: /happy-path/,
    checks: [
      {
        severity: 'should',
        check: {
          name: 'explodes',
          run: () => {
            throw new Error('boom');
          },
        },
      },
    ],
  });
  t.match(
    crashing.cases[0],
    {
      status: 'failed',
      failures: [{ check: 'explodes', title: 'Check crashed', severity: 'must', message: 'boom' }],
    },
    'a check that throws fails the case, never passes it',
  );
  t.equal(crashing.exitCode, EXIT.FAILURES);

  const redirecting = createHttpServer((req, res) => {
    res.writeHead(302, { location: `${mock.url}${req.url}` }).end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  t.teardown(() => redirecting.close());
  const { port } = redirecting.address() as AddressInfo;
  const redirected = await run(`http://127.0.0.1:${port}`, ['kirjaswappi'], {
    suites: mini,
    grep: /happy-path/,
  });
  t.equal(redirected.exitCode, EXIT.UNREACHABLE, 'the redirect is not followed, so the login fails');
  t.match(redirected.exitReason, /bootstrap failed: .*Received: 302/);
});
