import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { EXIT } from '../../runner/exit-codes.js';
import type { RunReport } from '../../runner/model.js';
import { SEED } from './mock.js';
import { type SpawnedMock, spawnMock, tokenrig } from './spawn.js';

// What the namespace tests share: a spawned mock, its admin API in a namespace, and a run against it.

/** A `tokenrig mock` process on a free port, stopped when the test ends. */
export async function startMock(t: Test, args: readonly string[] = []): Promise<SpawnedMock> {
  const mock = await spawnMock(['--port', '0', '--quiet', ...args]);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock;
}

export const NS = 'tokenrig-namespace';

/** One admin call, in namespace `ns` (by its header) when given. */
export async function admin(
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

/**
 * The mock's own world made hostile: every profile's requests cut off by a fault rule, so a run whose
 * requests reached it instead of its namespace could not pass.
 */
export async function hostileOwnWorld(t: Test, mock: SpawnedMock): Promise<void> {
  for (const profile of ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi']) {
    t.equal((await admin(mock, 'POST', '/faults', { body: { profile, fault: 'reset' } })).status, 201);
  }
}

/** `tokenrig run` against the mock, the JSON report in a fresh folder; resolves to the exit and report. */
export async function run(mock: SpawnedMock, extra: readonly string[] = []) {
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

/** The clock offset of the mock's own world, or of namespace `ns`, in seconds. */
export const offset = async (mock: SpawnedMock, ns?: string) =>
  ((await admin(mock, 'GET', '/clock', ns ? { ns } : {})).json as { offsetSeconds: number }).offsetSeconds;

/**
 * Two `tokenrig run`s of all five suites at once against the mock, its own world made hostile first:
 * both green, each in a namespace of its own whose clock it moved and put back, the mock's own world
 * untouched. Resolves to the two namespaces.
 */
export async function parallelRuns(t: Test, mock: SpawnedMock): Promise<[string, string]> {
  await hostileOwnWorld(t, mock);
  // The same --seed for both: their namespaces must still differ.
  const [a, b] = await Promise.all([run(mock), run(mock)]);
  for (const [name, r] of [
    ['a', a],
    ['b', b],
  ] as const) {
    t.equal(r.code, EXIT.OK, `run ${name} exits 0${r.code === EXIT.OK ? '' : `: ${r.stdout}\n${r.stderr}`}`);
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
  const faults = (await admin(mock, 'GET', '/faults')).json as unknown[];
  t.equal(faults.length, 5, "the mock's own rules are as they were");
  return [na, nb];
}
