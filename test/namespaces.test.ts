import t from 'tap';
import { admin, NS, offset, parallelRuns, startMock } from './helpers/namespaces.js';

// Namespaces end to end: one mock process, as a team's shared mock, and `tokenrig run` processes
// that share it.

t.test(
  'two parallel runs of all five suites against one mock, each in its own namespace: both green',
  async (t) => {
    const mock = await startMock(t, ['--seed', '7']);
    const [na, nb] = await parallelRuns(t, mock);
    const listed = (await admin(mock, 'GET', '/namespaces')).json as { namespaces: { name: string }[] };
    t.same(listed.namespaces.map((n) => n.name).sort(), [na, nb].sort());
    const own = (await admin(mock, 'GET', '/requests')).json as { requests: { path: string }[] };
    t.same(
      [...new Set(own.requests.map((r) => r.path))],
      ['/'],
      "the mock's own journal saw only the runs' reachability probes",
    );
  },
);

t.test(
  'over a real socket: header and prefix reach one world; a reset in one leaves the other',
  async (t) => {
    const mock = await startMock(t, ['--api', 'flolive']);
    const login = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${mock.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username: 'demo', password: 'demo' }),
      });
      return res.status;
    };
    t.equal(await login('/api/v2/auth/token', { [NS]: 'a' }), 200);
    t.equal(await login('/__ns/a/api/v2/auth/token'), 200, 'the prefix');
    t.equal(await login('/__ns/b/api/v2/auth/token', { [NS]: 'b' }), 200, 'both, agreeing');
    const sessions = async (ns: string) =>
      ((await admin(mock, 'GET', '/health', { ns })).json as { sessions: number }).sessions;
    t.equal(await sessions('a'), 2, 'header and prefix logged in to one world');
    t.equal(await sessions('b'), 1);
    await admin(mock, 'POST', '/clock', { ns: 'a', body: { advance: 30 } });
    await admin(mock, 'POST', '/clock', { ns: 'b', body: { advance: 60 } });
    const reset = await fetch(`${mock.url}/__ns/b/__admin/reset`, { method: 'POST' });
    t.equal(reset.status, 204, 'b reset by its prefix');
    t.equal(await sessions('b'), 0);
    t.equal(await offset(mock, 'b'), 0);
    t.equal(await sessions('a'), 2, 'a untouched');
    t.equal(await offset(mock, 'a'), 30);
    t.equal(await login('/api/v2/auth/token', { [NS]: 'a!' }), 400, 'a bad name over the wire');
    t.equal(await login('/__ns/a/api/v2/auth/token', { [NS]: 'b' }), 400, 'two names');
    t.equal(await offset(mock), 0, "the mock's own world never moved");
  },
);
