import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import type { RunReport } from '../runner/model.js';
import { SEED } from './helpers/mock.js';
import { type SpawnedMock, spawnMock, tokenrig } from './helpers/spawn.js';

// Namespaces end to end: one mock process, as a team's shared mock, and `tokenrig run` processes
// that share it.

async function startMock(t: Test, args: readonly string[] = []): Promise<SpawnedMock> {
  const mock = await spawnMock(['--port', '0', '--quiet', ...args]);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock;
}

const NS = 'tokenrig-namespace';

async function admin(
  mock: SpawnedMock,
  method: string,
  path: string,
  { ns, body }: { ns?: string; body?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = ns ? { [NS]: ns } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${mock.url}/__admin${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const offset = async (mock: SpawnedMock, ns?: string) =>
  ((await admin(mock, 'GET', '/clock', ns ? { ns } : {})).json as { offsetSeconds: number }).offsetSeconds;

/** `tokenrig run` against the mock, the JSON report in a fresh folder; resolves to the exit and report. */
async function run(mock: SpawnedMock, extra: readonly string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'tokenrig-ns-'));
  const outcome = await tokenrig([
    'run',
    '--target',
    mock.url,
    '--reporter',
    'console,json',
    '--out',
    out,
    '--seed',
    String(SEED),
    ...extra,
  ]);
  let report: RunReport | undefined;
  try {
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  } catch {
    report = undefined;
  }
  return { ...outcome, report };
}

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

t.test('--namespace names the world the run uses: a rule there fails the run; --no-namespace', async (t) => {
  const mock = await startMock(t);
  const rule = { profile: 'flolive', operation: 'login', status: 500 };
  t.equal((await admin(mock, 'POST', '/faults', { ns: 'poisoned', body: rule })).status, 201);
  const poisoned = await run(mock, ['--api', 'flolive', '--namespace', 'poisoned']);
  t.equal(poisoned.code, EXIT.UNREACHABLE, 'its login fails in that namespace');
  t.equal(poisoned.report?.namespace, 'poisoned');
  const clean = await run(mock, ['--api', 'flolive', '--namespace', 'clean']);
  t.equal(clean.code, EXIT.OK, 'another namespace is not touched by it');
  t.equal(clean.report?.namespace, 'clean');
  t.equal(((await admin(mock, 'GET', '/faults', { ns: 'poisoned' })).json as unknown[]).length, 1);

  const shared = await run(mock, ['--api', 'flolive', '--no-namespace']);
  t.equal(shared.code, EXIT.OK, '--no-namespace: green in the mock’s own world');
  t.equal(shared.report?.namespace, undefined, 'no namespace reported');
  t.notMatch(shared.stdout, /in namespace/);
  t.equal((await admin(mock, 'POST', '/faults', { body: rule })).status, 201);
  const own = await run(mock, ['--api', 'flolive', '--no-namespace']);
  t.equal(own.code, EXIT.UNREACHABLE, "and it is the own world's rule that fails it");
  const fresh = await run(mock, ['--api', 'flolive', '--var', 'note=1']);
  t.equal(fresh.code, EXIT.OK, 'by default a fresh namespace, which has no rule');
  t.match(
    fresh.stderr,
    /note: the run is in a fresh namespace, run-[0-9a-f]{12}, which does not have what the mock's own world was given at run time \(fault rules \[\] → \[.*"operation":"login".*\]\); --no-namespace runs there/,
    'and says so, since the own world was given a rule',
  );
  t.match(fresh.stderr, /a --var naming the mock's state \(a token, a session\) must come from it/);
});

t.test('a namespace the mock refuses stops the run before any case, with the reason', async (t) => {
  const mock = await startMock(t, ['--max-namespaces', '1']);
  const bad = await run(mock, ['--api', 'vcf', '--namespace', 'no spaces']);
  t.equal(bad.code, EXIT.USAGE, 'a bad name is a usage error');
  t.match(bad.stderr, /namespace no spaces on .* cannot be used: namespace name "no spaces" may hold only/);
  t.equal((await admin(mock, 'GET', '/health', { ns: 'busy' })).status, 200, 'one namespace, in use');
  const full = await run(mock, ['--api', 'vcf', '--namespace', 'another']);
  t.equal(full.code, EXIT.UNREACHABLE, 'no room: the target cannot serve the run');
  t.match(full.stderr, /all 1 namespaces are in use/);
  t.ok(
    full.report?.cases.every((c) => c.status === 'skipped'),
    'no case ran',
  );
  const embedded = await tokenrig(['run', '--api', 'vcf', '--reporter', 'console', '--namespace', 'x y']);
  t.equal(embedded.code, EXIT.USAGE, 'the embedded mock refuses a bad name too');
});

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

t.test('tokenrig mock: the banner says how many namespaces, bad limits are usage errors', async (t) => {
  const mock = await startMock(t, ['--api', 'vcf', '--max-namespaces', '3']);
  t.match(
    mock.stdout(),
    /namespaces: up to 3, by a Tokenrig-Namespace header or http:\/\/127\.0\.0\.1:\d+\/__ns\/<name>\//,
  );
  t.match((await admin(mock, 'GET', '/health')).json, { namespace: null, namespaces: 0, maxNamespaces: 3 });
  const off = await startMock(t, ['--api', 'vcf', '--max-namespaces', '0']);
  t.match(off.stdout(), /namespaces: off/);
  for (const args of [
    ['--max-namespaces', '-1'],
    ['--max-namespaces', '2.5'],
    ['--namespace-max-sessions', '0'],
  ]) {
    const outcome = await tokenrig(['mock', '--port', '0', ...args]);
    t.equal(outcome.code, EXIT.USAGE, args.join(' '));
    t.match(outcome.stderr, /namespace/i);
  }
});
