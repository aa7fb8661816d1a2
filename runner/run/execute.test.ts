import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { loadContracts } from '../../schemas/load.js';
import { quietRunOptions } from '../quiet.js';
import type { Suite } from '../suite/types.js';
import { execute } from './execute.js';
import { PlanError } from './plan.js';

const contracts = loadContracts(['vcf']);

async function target(t: Test, body: string): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  // Listening on TCP, so address() is an AddressInfo (a string only for a pipe).
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
  };
}

t.test('a step naming an operation the contract lacks: PlanError, and not one request sent', async (t) => {
  const server = await target(t, '{}');
  const suite: Suite = {
    profile: 'vcf',
    cases: [{ id: 'c', title: 'c', steps: [{ name: 's', operation: 'nope' }] }],
  };
  await t.rejects(execute(quietRunOptions(server.url, [suite], contracts)), PlanError);
  await t.rejects(
    execute(quietRunOptions(server.url, [{ ...suite, profile: 'flolive' }], contracts)),
    PlanError,
  );
  t.equal(server.hits(), 0);
});

t.test(
  'the caller hears the start and each case, redacted; the result carries no exit of its own',
  async (t) => {
    const server = await target(t, '{"token":"s3cret-token"}');
    const suite: Suite = {
      profile: 'vcf',
      cases: [
        {
          id: 'c',
          title: 'c',
          steps: [
            { name: 'get', request: { path: '/t' }, capture: { token: '/token' }, expect: { status: [500] } },
          ],
        },
      ],
    };
    const heard: string[] = [];
    const execution = await execute(quietRunOptions(`${server.url}//`, [suite], contracts), {
      onStart: (info) =>
        heard.push(`start ${info.profiles.join()} ${info.cases} ${info.target === server.url}`),
      onCaseEnd: (result) => heard.push(`end ${result.id} ${result.status}`),
    });
    t.same(heard, ['start vcf 1 true', 'end c failed']);
    t.notMatch(JSON.stringify(execution.cases), 's3cret-token', 'a captured secret is redacted');
    t.equal(execution.halt, undefined);
    t.notOk('exitCode' in execution, 'the exit is the caller’s (summary.ts)');
  },
);

t.test('an unreachable target: every case skipped, and a halt with exit 3', async (t) => {
  const suite: Suite = {
    profile: 'vcf',
    cases: [{ id: 'c', title: 'c', steps: [{ name: 's', request: { path: '/' } }] }],
  };
  const execution = await execute(
    quietRunOptions('http://127.0.0.1:9', [suite], contracts, { timeoutMs: 500 }),
  );
  t.equal(execution.cases[0]?.status, 'skipped');
  t.match(execution.halt, { code: 3, reason: /^target http:\/\/127\.0\.0\.1:9 is unreachable/ });
});
