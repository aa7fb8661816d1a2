import type { BaselineEntry, CaseResult, Failure } from '../model.js';
import { allFindings } from '../run/fold.js';

/**
 * What a baseline matches a failure by: the case id, the check and the finding's title. All three are
 * stable across runs; messages are not (they quote tokens, ids and times), so they are never matched.
 */
export interface FailureKey {
  readonly case: string;
  readonly check: string;
  readonly title: string;
}

/**
 * A failed case with no failing finding (its session could not be opened) still needs a key, or it
 * could never be baselined; the console lists it under the same title.
 */
export const NO_FINDING = { check: 'harness', title: 'Case could not complete' } as const;

/** A finding fails its case when it is a `must`, or any finding under --strict (case-runner.ts). */
export const failsCase = (f: Failure, strict: boolean): boolean => f.severity === 'must' || strict;

/**
 * The key of every failing finding of a case, once each, in finding order. Folded consequents count
 * as findings of their own here: a baseline names findings as they were before folding existed, and a
 * consequent no entry names still makes the case new.
 */
export function failingKeys(c: CaseResult, strict: boolean): FailureKey[] {
  if (c.status !== 'failed') return [];
  const keys = new Map<string, FailureKey>();
  for (const f of allFindings(c.failures)) {
    if (failsCase(f, strict)) keys.set(keyId(c.id, f), { case: c.id, check: f.check, title: f.title });
  }
  if (keys.size === 0) keys.set(keyId(c.id, NO_FINDING), { case: c.id, ...NO_FINDING });
  return [...keys.values()];
}

/** One string per key, for sets and maps. */
export function keyId(caseId: string, k: { readonly check?: string; readonly title?: string }): string {
  return JSON.stringify([caseId, k.check ?? null, k.title ?? null]);
}

/** An entry matches a failure of its case whose check and title equal those it names. */
export function matches(entry: BaselineEntry, key: FailureKey): boolean {
  return (
    entry.case === key.case &&
    (entry.check === undefined || entry.check === key.check) &&
    (entry.title === undefined || entry.title === key.title)
  );
}

/** The day (UTC) of an ISO date-time, `YYYY-MM-DD`. */
export const dayOf = (isoDateTime: string): string => isoDateTime.slice(0, 10);

/** Past its last day: `expires` is the last day it applies, so an entry expiring today still does. */
export const isExpired = (entry: BaselineEntry, today: string): boolean =>
  entry.expires !== undefined && today > entry.expires;

/** By case, check, title, in code-unit order: the same file on every machine, whatever its locale. */
export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const order = (x: BaselineEntry): string[] => [x.case, x.check ?? '', x.title ?? ''];
  const [left, right] = [order(a), order(b)];
  for (let i = 0; i < left.length; i++) {
    const [l, r] = [left[i] ?? '', right[i] ?? ''];
    if (l !== r) return l < r ? -1 : 1;
  }
  return 0;
}
