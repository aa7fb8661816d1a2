import { join } from 'node:path';
import type { RunReport, StepResult } from '../../runner/model.js';
import { loadSuites, SUITES_DIR } from '../../runner/suite/load.js';
import type { Suite } from '../../runner/suite/types.js';
import { loadContracts, PROFILE_IDS, type ProfileId } from '../../schemas/load.js';
import { runQuietly } from './run.js';

/** What the runner's whole-run tests share: the contracts, the shipped suites, a quiet run, its verdicts. */

export const contracts = loadContracts(PROFILE_IDS);

/** Each profile's shipped suites, loaded on first use: a test needs only the profiles it runs. */
const loaded = new Map<ProfileId, readonly Suite[]>();
export function suitesOf(apis: readonly ProfileId[]): Suite[] {
  return apis.flatMap((api) => {
    let suites = loaded.get(api);
    if (!suites) {
      suites = loadSuites([join(SUITES_DIR, api)], contracts).map((s) => s.suite);
      loaded.set(api, suites);
    }
    return suites;
  });
}

/** The options of a quiet run (the executor's, whichever module declares them). */
type Extra = Parameters<typeof runQuietly>[3];

export function run(target: string, apis: readonly ProfileId[], extra: Extra = {}): Promise<RunReport> {
  return runQuietly(target, suitesOf(apis), contracts, extra);
}

export const failedIds = (report: RunReport) =>
  report.cases.filter((c) => c.status === 'failed').map((c) => c.id);

/** Every finding of a report as `<case>: <check> <severity>`, for a verdict that shows what it rests on. */
export const findings = (report: RunReport) =>
  report.cases.flatMap((c) => c.failures.map((f) => `${c.id}: ${f.check} ${f.severity} ${f.title}`));

/** The ids of the cases with a finding of that check, sorted. */
export const flaggedBy = (report: RunReport, check: string) =>
  report.cases
    .filter((c) => c.failures.some((f) => f.check === check))
    .map((c) => c.id)
    .sort();

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** The ids of the cases with a call of the API (not of tokenrig's admin API) that meets `touches`, sorted. */
export const touchedBy = (report: RunReport, touches: (step: StepResult) => boolean) =>
  report.cases
    .filter((c) => c.steps.some((s) => !s.url.includes('/__admin') && touches(s)))
    .map((c) => c.id)
    .sort();
