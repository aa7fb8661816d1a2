import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
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
