import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import type { RunReport } from '../runner/model.js';
import { admin, NS, run, startMock } from './helpers/namespaces.js';
import type { SpawnedMock } from './helpers/spawn.js';

// Namespaces end to end: one mock process, as a team's shared mock, and `tokenrig run` processes
// that share it.

const offset = async (mock: SpawnedMock, ns?: string) =>
  ((await admin(mock, 'GET', '/clock', ns ? { ns } : {})).json as { offsetSeconds: number }).offsetSeconds;

/** The cases of a report that moved the mock's clock and passed. */
const clockCasesPassed = (report: RunReport | undefined) =>
  (report?.cases ?? []).filter(
    (c) => c.status === 'passed' && c.steps.some((s) => s.url.endsWith('/__admin/clock')),
  );

t.test(
  'two parallel runs of all five suites against one mock, each in its own namespace: both green',
  async (t) => {
    const mock = await startMock(t, ['--seed', '7']);
    // The mock's own world made hostile: had a run's requests reached it, every one would be cut off.
    for (const profile of ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi']) {
      t.equal((await admin(mock, 'POST', '/faults', { body: { profile, fault: 'reset' } })).status, 201);
    }
    // The same --seed for both: their namespaces must still differ.
    const [a, b] = await Promise.all([run(mock), run(mock)]);
    for (const [name, r] of [
      ['a', a],
      ['b', b],
    ] as const) {
      t.equal(r.code, EXIT.OK, `run ${name} exits 0${r.code === EXIT.OK ? '' : `: ${r.stderr}`}`);
      t.match(r.report?.namespace, /^run-[0-9a-f]{12}$/, `run ${name} reports its namespace`);
      t.match(r.stdout, new RegExp(`in namespace ${r.report?.namespace}`), 'and prints it');
      t.equal(r.report?.profiles.length, 5, 'all five suites');
      t.ok(clockCasesPassed(r.report).length >= 5, `run ${name}'s clock-moving cases passed`);
      t.match(r.report?.restore, { status: 'restored' }, 'put back, inside its namespace');
    }
    const [na, nb] = [a.report?.namespace ?? '', b.report?.namespace ?? ''];
    t.not(na, nb, 'two namespaces');
    t.equal(await offset(mock, na), 0, "a's clock put back");
    t.equal(await offset(mock, nb), 0, "b's clock put back");
    t.equal(await offset(mock), 0, "the mock's own clock never moved");
    const listed = (await admin(mock, 'GET', '/namespaces')).json as { namespaces: { name: string }[] };
    t.same(listed.namespaces.map((n) => n.name).sort(), [na, nb].sort());
    const own = (await admin(mock, 'GET', '/requests')).json as { requests: { path: string }[] };
    t.same(
      [...new Set(own.requests.map((r) => r.path))],
      ['/'],
      "the mock's own journal saw only the runs' reachability probes",
    );
    const faults = (await admin(mock, 'GET', '/faults')).json as unknown[];
    t.equal(faults.length, 5, "the mock's own rules are as they were");
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
