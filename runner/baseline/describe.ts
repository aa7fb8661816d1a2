import type { BaselineEntry, BaselineSummary, FailureBaseline } from '../model.js';

/** `baseline known-failures.json: 3 known, 1 new, 1 expired, 1 stale` (and unchecked, when any). */
export function baselineCounts(b: BaselineSummary): string {
  const parts = [`${b.known} known`, `${b.new} new`, `${b.expired} expired`, `${b.stale.length} stale`];
  if (b.unchecked > 0) parts.push(`${b.unchecked} not run`);
  return `baseline ${b.file}: ${parts.join(', ')}`;
}

/** A failing finding's standing in words: `known failure: <reason>`, `new: not in the baseline`. */
export function standingText(b: FailureBaseline): string {
  if (b.standing === 'known') return `known failure: ${b.reason ?? ''}`;
  if (b.standing === 'expired')
    return `new: its baseline entry expired after ${b.expires ?? '?'} (${b.reason ?? ''})`;
  return 'new: not in the baseline';
}

/** `kirjaswappi.refresh.expired · not_a_server_error · "Server error"`: what an entry matches. */
export function entryText(e: BaselineEntry): string {
  return [e.case, e.check, e.title === undefined ? undefined : JSON.stringify(e.title)]
    .filter((part) => part !== undefined)
    .join(' · ');
}

/** A stale entry in words, saying whether it fails the run. */
export function staleText(e: BaselineEntry): string {
  const effect = e.intermittent ? 'intermittent: a warning only' : 'this fails the run: remove the entry';
  return `stale: ${entryText(e)} no longer fails (${effect})`;
}
