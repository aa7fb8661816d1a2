import type { ClientHistory, ClientRequest, ClientRuleOptions } from './history.js';

/** What a rule found: plain data, with the requests that show it. */
export interface Detected {
  readonly profile: string;
  /** The token family, where the requests belong to one. */
  readonly session?: string;
  readonly message: string;
  /** Oldest first; the first one names the finding (its id stays as the journal grows). */
  readonly evidence: readonly ClientRequest[];
}

/**
 * A client rule: a small pure function over the history of the client's requests (empty: nothing
 * wrong). Its name is its key in the report; severity and reference are given where it is listed
 * (mocks/findings/rules.ts).
 */
export interface ClientRule {
  readonly name: string;
  /** Short and stable: the same for every finding of the rule. */
  readonly title: string;
  find(history: ClientHistory, options: ClientRuleOptions): Detected[];
}

/** "3 refreshes", "1 refresh", "2 times". */
export function count(n: number, noun: string): string {
  if (n === 1) return `${n} ${noun}`;
  return `${n} ${noun}${/(s|sh|ch|x)$/.test(noun) ? 'es' : 's'}`;
}

/** The statuses of some requests, as a short list ("200, 401"). */
export function statuses(requests: readonly ClientRequest[]): string {
  return requests.map((r) => r.record.status).join(', ');
}

/**
 * The request that issued the access token current when `request` was sent, in its family: the newest
 * earlier 2xx login or refresh.
 */
export function issuerBefore(
  family: readonly ClientRequest[],
  request: ClientRequest,
): (ClientRequest & { readonly record: { readonly expiresIn: number } }) | undefined {
  let found: ClientRequest | undefined;
  for (const r of family) {
    // Earlier in the journal and answered before it was sent (a millisecond of slack: the journal's
    // times are whole milliseconds, a request's duration is not).
    if (r.record.id >= request.record.id || r.endedAt > request.startedAt + 1) break;
    if (r.record.expiresIn !== undefined && r.record.status >= 200 && r.record.status < 300) found = r;
  }
  // Checked just above: expiresIn is defined on the request kept.
  return found as (ClientRequest & { readonly record: { readonly expiresIn: number } }) | undefined;
}
