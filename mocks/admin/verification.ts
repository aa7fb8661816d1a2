import type { JournalEntry } from '../core/journal.js';

/** What `POST /__admin/verify` counts: every member given must hold (an empty match counts everything). */
export interface RequestMatch {
  readonly profile?: string;
  readonly operation?: string;
  readonly method?: string;
  readonly path?: string;
  /** An exact status, or a class such as `4XX`. */
  readonly status?: number | string;
  /** The session (token family) id, as `/__admin/sessions` lists it. */
  readonly session?: string;
  /** ISO 8601 times by the mock's clock, both inclusive. */
  readonly since?: string;
  readonly until?: string;
}

/** A count expression: `2`, `==2`, `>=1`, `>0`, `<=1`, `<3`. */
export interface CountExpression {
  readonly op: '==' | '>=' | '<=' | '>' | '<';
  readonly n: number;
  readonly text: string;
}

const COUNT = /^\s*(==|>=|<=|>|<)?\s*(\d{1,9})\s*$/;

/** The expression, or undefined when it is not one. */
export function parseCount(text: string | number): CountExpression | undefined {
  const m = COUNT.exec(String(text));
  if (!m?.[2]) return undefined;
  const op = (m[1] ?? '==') as CountExpression['op'];
  return { op, n: Number(m[2]), text: `${m[1] ?? ''}${m[2]}` };
}

export function holds(count: CountExpression, actual: number): boolean {
  switch (count.op) {
    case '==':
      return actual === count.n;
    case '>=':
      return actual >= count.n;
    case '<=':
      return actual <= count.n;
    case '>':
      return actual > count.n;
    case '<':
      return actual < count.n;
  }
}

/** The members of the match an entry does not satisfy (none: it matches). */
export function differences(entry: JournalEntry, match: RequestMatch): (keyof RequestMatch)[] {
  const out: (keyof RequestMatch)[] = [];
  if (match.profile !== undefined && entry.profile !== match.profile) out.push('profile');
  if (match.operation !== undefined && entry.operation !== match.operation) out.push('operation');
  if (match.method !== undefined && entry.method !== match.method.toUpperCase()) out.push('method');
  if (match.path !== undefined && entry.path !== match.path) out.push('path');
  if (match.status !== undefined && !statusMatches(entry.status, match.status)) out.push('status');
  if (match.session !== undefined && entry.session !== match.session) out.push('session');
  const at = Date.parse(entry.time);
  if (match.since !== undefined && at < Date.parse(match.since)) out.push('since');
  if (match.until !== undefined && at > Date.parse(match.until)) out.push('until');
  return out;
}

/** The entries that satisfy every member of the match. */
export function matching(entries: readonly JournalEntry[], match: RequestMatch): JournalEntry[] {
  return entries.filter((e) => differences(e, match).length === 0);
}

function statusMatches(status: number, wanted: number | string): boolean {
  if (typeof wanted === 'number') return status === wanted;
  const m = /^([1-5])XX$/i.exec(wanted);
  return m ? Math.floor(status / 100) === Number(m[1]) : status === Number(wanted);
}

/** Whether the expression holds for every count from `low` to `high`, for none, or (undefined) for some. */
export function holdsThroughout(count: CountExpression, low: number, high: number): boolean | undefined {
  if (count.op === '==') {
    if (count.n < low || count.n > high) return false;
    return low === high ? true : undefined;
  }
  // The other operators are monotone in the count: the two ends decide the range.
  const a = holds(count, low);
  return a === holds(count, high) ? a : undefined;
}

/** What the journal still holds of the requests since it was last cleared. */
export interface JournalView {
  /** Newest first. */
  readonly entries: readonly JournalEntry[];
  /** Requests recorded since the last clear, including those the ring has dropped. */
  readonly total: number;
}

export type Verdict =
  | { readonly outcome: 'verified'; readonly actual: number }
  | { readonly outcome: 'not-verified'; readonly actual: number }
  | {
      readonly outcome: 'undecidable';
      readonly actual: number;
      readonly dropped: number;
      readonly oldest?: string;
    };

/**
 * Counts the matching requests and decides the expression for every count the journal allows: the
 * ring may have dropped requests of the window, so the true count lies between what it holds and that
 * plus what it dropped. Verified or not only when every count in that range agrees; otherwise the
 * answer is that the journal cannot say (a verification never guesses).
 */
export function verify(view: JournalView, match: RequestMatch, count: CountExpression): Verdict {
  const actual = matching(view.entries, match).length;
  const dropped = view.total - view.entries.length;
  const oldest = view.entries.at(-1)?.time;
  // Dropped requests are older than every entry held: they can fall in the window only if it starts
  // at or before the oldest one held (or has no start).
  const windowLost =
    dropped > 0 &&
    (match.since === undefined || oldest === undefined || Date.parse(match.since) <= Date.parse(oldest));
  const all = holdsThroughout(count, actual, windowLost ? actual + dropped : actual);
  if (all === true) return { outcome: 'verified', actual };
  if (all === false) return { outcome: 'not-verified', actual };
  return { outcome: 'undecidable', actual, dropped, ...(oldest ? { oldest } : {}) };
}

/**
 * Requests that miss the match by one member (not a time-window member), at most `limit`: what was
 * seen instead, as WireMock's near misses show it.
 */
export function nearMisses(
  entries: readonly JournalEntry[],
  match: RequestMatch,
  limit = 5,
): { readonly differs: string; readonly request: JournalEntry }[] {
  const out: { differs: string; request: JournalEntry }[] = [];
  for (const entry of entries) {
    const d = differences(entry, match);
    if (d.length === 1 && d[0] !== 'since' && d[0] !== 'until')
      out.push({ differs: d[0] as string, request: entry });
    if (out.length === limit) break;
  }
  return out;
}
