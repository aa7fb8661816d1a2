import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import type { RunReport } from '../runner/model.js';
import { admin, run, startMock } from './helpers/namespaces.js';
import { testRedis } from './helpers/redis.js';

// Namespaces over the shared store: one mock of two worker processes (`--workers 2`, node:cluster, one
// port) over one redis-server, and two `tokenrig run`s of all five suites at once, each in its own
// namespace, their requests spread over both processes by the cluster.

const clockCases = (report: RunReport | undefined) =>
  (report?.cases ?? []).filter((c) => c.steps.some((s) => s.url.endsWith('/__admin/clock')));

t.test('two parallel runs of all five suites against one two-process mock: both green', async (t) => {
  const redis = await testRedis(t);
  const mock = await startMock(t, ['--seed', '7', '--store', redis.url, '--workers', '2']);
  t.match(mock.stdout(), /2 worker processes on this port/, 'the banner says so, once');
  t.equal(mock.stdout().match(/listening on/g)?.length, 1);
  // The mock's own world made hostile: had a run's requests reached it, every one would be cut off.
  for (const profile of ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi']) {
    t.equal((await admin(mock, 'POST', '/faults', { body: { profile, fault: 'reset' } })).status, 201);
  }
  const [a, b] = await Promise.all([run(mock), run(mock)]);
  for (const [name, r] of [
    ['a', a],
    ['b', b],
  ] as const) {
    t.equal(r.code, EXIT.OK, `run ${name} exits 0${r.code === EXIT.OK ? '' : `: ${r.stdout}\n${r.stderr}`}`);
    t.equal(r.report?.profiles.length, 5, 'all five suites');
    const moved = clockCases(r.report);
    t.ok(moved.length >= 5, `run ${name} has clock-moving cases (${moved.length})`);
    t.ok(
      moved.every((c) => c.status === 'passed'),
      'and they passed',
    );
  }
  t.not(a.report?.namespace, b.report?.namespace, 'two namespaces');
  const faults = (await admin(mock, 'GET', '/faults')).json as unknown[];
  t.equal(faults.length, 5, "the mock's own rules are as they were");
  // A reset in one namespace leaves the other's state alone, on whichever process answers.
  const [na, nb] = ['job-a', 'job-b'];
  await admin(mock, 'POST', '/clock', { ns: na, body: { advance: 100 } });
  await admin(mock, 'POST', '/clock', { ns: nb, body: { advance: 200 } });
  t.equal((await admin(mock, 'POST', '/reset', { ns: na })).status, 204);
  for (let i = 0; i < 4; i++) {
    const offsetA = (await admin(mock, 'GET', '/clock', { ns: na })).json as { offsetSeconds: number };
    const offsetB = (await admin(mock, 'GET', '/clock', { ns: nb })).json as { offsetSeconds: number };
    t.same([offsetA.offsetSeconds, offsetB.offsetSeconds], [0, 200], `read ${i + 1}: a reset, b untouched`);
  }
});
