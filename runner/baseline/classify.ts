import type {
  BaselineEntry,
  BaselineStanding,
  BaselineSummary,
  CaseResult,
  Failure,
  FailureBaseline,
} from '../model.js';
import { type FailureKey, failingKeys, failsCase, isExpired, keyId, matches } from './key.js';

/** What classifying needs besides the cases: the entries, --strict, and the run's day (UTC). */
export interface BaselineContext {
  readonly file: string;
  readonly entries: readonly BaselineEntry[];
  readonly strict: boolean;
  /** `YYYY-MM-DD`: entries past their `expires` day no longer excuse anything. */
  readonly today: string;
}

/** The entry that stands for a failure: one still in force before an expired one. */
function entryFor(key: FailureKey, context: BaselineContext): BaselineEntry | undefined {
  const candidates = context.entries.filter((e) => matches(e, key));
  return candidates.find((e) => !isExpired(e, context.today)) ?? candidates[0];
}

function standingOf(entry: BaselineEntry | undefined, today: string): FailureBaseline {
  if (!entry) return { standing: 'new' };
  const standing: BaselineStanding = isExpired(entry, today) ? 'expired' : 'known';
  return { standing, reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}) };
}

/** Each failing key of a case (see failingKeys) with its standing. */
function standingsOf(c: CaseResult, context: BaselineContext): Map<string, FailureBaseline> {
  return new Map(
    failingKeys(c, context.strict).map((k) => [
      keyId(k.case, k),
      standingOf(entryFor(k, context), context.today),
    ]),
  );
}

/**
 * A case with each failing finding marked known, new or expired, and the case itself `known` when
 * every failing finding is known. Passed and skipped cases come back as they are.
 */
export function classifyCase(c: CaseResult, context: BaselineContext): CaseResult {
  if (c.status !== 'failed') return c;
  const standings = standingsOf(c, context);
  // Consequents are marked too: each is a failing finding a baseline entry may name.
  const mark = (list: readonly Failure[]): Failure[] =>
    list.map((f): Failure => {
      const baseline = failsCase(f, context.strict) ? standings.get(keyId(c.id, f)) : undefined;
      const consequents = f.consequents ? { consequents: mark(f.consequents) } : {};
      return baseline ? { ...f, ...consequents, baseline } : { ...f, ...consequents };
    });
  const failures = mark(c.failures);
  const known = [...standings.values()].every((s) => s.standing === 'known');
  return { ...c, failures, baseline: known ? 'known' : 'new' };
}

/** Cases that ran to a verdict; an entry for any other case is unchecked, never stale. */
const ranIds = (cases: readonly CaseResult[]): Set<string> =>
  new Set(cases.filter((c) => c.status === 'passed' || c.status === 'failed').map((c) => c.id));

/** The entries no failing finding of this run matched (expired or not), of cases that ran. */
export function unusedEntries(
  cases: readonly CaseResult[],
  context: BaselineContext,
): { stale: BaselineEntry[]; unchecked: BaselineEntry[] } {
  const keys = cases.flatMap((c) => failingKeys(c, context.strict));
  const ran = ranIds(cases);
  const unused = context.entries.filter((e) => !keys.some((k) => matches(e, k)));
  return { stale: unused.filter((e) => ran.has(e.case)), unchecked: unused.filter((e) => !ran.has(e.case)) };
}

/**
 * Every case classified, and the summary every reporter shows: failing findings (by case, check and
 * title, each once) known, new and expired; entries gone stale; entries this run could not check.
 */
export function applyBaseline(
  cases: readonly CaseResult[],
  context: BaselineContext,
): { cases: CaseResult[]; summary: BaselineSummary } {
  const counts: Record<BaselineStanding, number> = { known: 0, new: 0, expired: 0 };
  for (const c of cases) {
    if (c.status === 'failed') for (const s of standingsOf(c, context).values()) counts[s.standing]++;
  }
  const { stale, unchecked } = unusedEntries(cases, context);
  return {
    cases: cases.map((c) => classifyCase(c, context)),
    summary: {
      file: context.file,
      entries: context.entries.length,
      known: counts.known,
      new: counts.new,
      expired: counts.expired,
      stale,
      unchecked: unchecked.length,
    },
  };
}
