import type { BaselineEntry, CaseResult } from '../model.js';
import type { BaselineContext } from './classify.js';
import { unusedEntries } from './classify.js';
import { compareEntries, failingKeys, isExpired, keyId, matches } from './key.js';

/** The reason a new entry gets: a person has to say why the failure is accepted. */
export const PLACEHOLDER_REASON =
  'TODO: say why this failure is accepted for now (a ticket, a vendor deviation); written by --update-baseline';

export interface BaselineUpdate {
  /** The entries to write, sorted. */
  readonly entries: readonly BaselineEntry[];
  /** Entries added for new failures, with the placeholder reason. */
  readonly added: readonly BaselineEntry[];
  /** Stale entries dropped: their failure no longer happens. */
  readonly removed: readonly BaselineEntry[];
  /** Kept entries whose expiry has passed while their failure still happens: a person must renew them. */
  readonly expired: readonly BaselineEntry[];
}

/**
 * The baseline after this run: every entry that still matches a failure keeps its reason and expiry
 * (an expired one too: renewing a waiver is a decision, not a side effect of a run); each failure no
 * entry matches gets a specific entry (case, check and title); a stale entry is dropped unless it is
 * intermittent; entries for cases the run did not run are kept as they are.
 */
export function updateBaseline(cases: readonly CaseResult[], context: BaselineContext): BaselineUpdate {
  const keys = cases.flatMap((c) => failingKeys(c, context.strict));
  const added = new Map<string, BaselineEntry>();
  for (const key of keys) {
    if (context.entries.some((e) => matches(e, key))) continue;
    added.set(keyId(key.case, key), { ...key, reason: PLACEHOLDER_REASON });
  }
  const { stale } = unusedEntries(cases, context);
  const removed = stale.filter((e) => e.intermittent !== true);
  const kept = context.entries.filter((e) => !removed.includes(e));
  const expired = kept.filter((e) => isExpired(e, context.today) && keys.some((k) => matches(e, k)));
  return {
    entries: [...kept, ...added.values()].sort(compareEntries),
    added: [...added.values()].sort(compareEntries),
    removed,
    expired,
  };
}
