import t from 'tap';
import { admin, parallelRuns, startMock } from './helpers/namespaces.js';
import { testRedis } from './helpers/redis.js';

// Namespaces over the shared store: one mock of two worker processes (`--workers 2`, node:cluster, one
// port) over one redis-server, and two `tokenrig run`s of all five suites at once, each in its own
// namespace, their requests spread over both processes by the cluster.

t.test('two parallel runs of all five suites against one two-process mock: both green', async (t) => {
  const redis = await testRedis(t);
  const mock = await startMock(t, ['--seed', '7', '--store', redis.url, '--workers', '2']);
  t.match(mock.stdout(), /2 worker processes on this port/, 'the banner says so, once');
  t.equal(mock.stdout().match(/listening on/g)?.length, 1);
  await parallelRuns(t, mock);
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
