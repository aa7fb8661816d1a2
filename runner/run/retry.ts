import { type HttpOptions, type HttpOutcome, type HttpRequest, send } from '../http.js';
import type { Retry } from '../model.js';
import { pause } from '../pause.js';

/** Transport errors a blip explains (a reset, a refusal while a server restarts, a lost answer). */
export const TRANSIENT: ReadonlySet<string> = new Set<Retry['kind']>(['reset', 'refused', 'timeout']);

/**
 * How a login request is retried: `delaysMs[i]` is the wait after attempt i + 1, so the attempts are
 * one more than the delays. Exponential, bounded, and without jitter: a run repeats exactly with its
 * seed, and one runner logging in a handful of times cannot stampede a server.
 */
export interface RetryPolicy {
  readonly delaysMs: readonly number[];
}

/** Three attempts: after 100 ms, then 300 ms. */
export const LOGIN_RETRY: RetryPolicy = { delaysMs: [100, 300] };

/** A retry about to happen: the failed attempt, what failed and the wait. */
export type RetryNotice = Omit<Retry, 'profile' | 'step'>;

/**
 * Sends a request, again after a transient transport error while the policy allows, telling `onRetry`
 * each time. Any answer, whatever its status (a 401 to a login), is returned at once: the server spoke.
 */
export async function sendRetrying(
  request: HttpRequest,
  http: HttpOptions,
  policy: RetryPolicy,
  onRetry: (notice: RetryNotice) => void,
  transport: typeof send = send,
): Promise<HttpOutcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await transport(request, http);
    const delayMs = policy.delaysMs[attempt - 1];
    if (outcome.ok || !isTransient(outcome.kind) || delayMs === undefined) return outcome;
    onRetry({ attempt, kind: outcome.kind, message: outcome.message, delayMs });
    await pause(delayMs, http.signal);
  }
}

function isTransient(kind: string): kind is Retry['kind'] {
  return TRANSIENT.has(kind);
}
