import type { ClientRequest } from '../history.js';
import { type ClientRule, count } from '../rule.js';

/** The wait a Retry-After value asks for, in ms after `answeredAt`: delay-seconds or an HTTP-date. */
export function retryAfterMs(value: string, answeredAt: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date names its day and month (RFC 9110 §5.6.7); Date.parse alone would read "-5" as a year.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - answeredAt);
}

/**
 * A request sent again before the wait a 429's Retry-After asked for: the client hammers a server that
 * is shedding load. "The same client" is the same token family when the 429 named one, else anyone
 * calling the same operation (a 429 forced by a fault rule comes before the token is read).
 */
export const retryAfterIgnored: ClientRule = {
  name: 'retry-after-ignored',
  title: 'Retry-After ignored after 429',
  find(history) {
    const groups = new Map<string, { limited: ClientRequest; waitMs: number; early: ClientRequest[] }>();
    let open: { limited: ClientRequest; until: number; key: string }[] = [];
    for (const r of history.requests) {
      const { profile, operation, session } = r.record;
      // Waits already over can hold no early request: the list stays as short as the waits running.
      if (open.length > 0) open = open.filter((o) => o.until > r.startedAt);
      for (const o of open) {
        const l = o.limited.record;
        const same = l.profile === profile && l.operation === operation;
        if (same && r.record.id > l.id && (l.session === undefined || l.session === session)) {
          // 100 ms of slack: a client that waits exactly Retry-After is not early.
          if (r.startedAt < o.until - 100) groups.get(o.key)?.early.push(r);
        }
      }
      if (r.record.status === 429 && r.record.retryAfter !== undefined) {
        const waitMs = retryAfterMs(r.record.retryAfter, r.endedAt);
        if (waitMs === undefined) continue;
        const key = `${profile}\u0000${operation}\u0000${session ?? ''}`;
        if (!groups.has(key)) groups.set(key, { limited: r, waitMs, early: [] });
        open.push({ limited: r, until: r.endedAt + waitMs, key });
      }
    }
    const out = [];
    for (const { limited, waitMs, early } of groups.values()) {
      if (early.length === 0) continue;
      const { profile, operation, session } = limited.record;
      // Each early request once, even when it fell inside the waits of several 429s.
      const evidence = [limited, ...new Set(early)];
      out.push({
        profile: profile ?? '',
        ...(session ? { session } : {}),
        message:
          `${operation} was answered 429 with Retry-After: ${limited.record.retryAfter} (request ` +
          `${limited.record.id}) and sent again ${count(evidence.length - 1, 'time')} before that wait ` +
          `(${Math.round(waitMs / 1000)} s) was over. Wait at least as long as Retry-After says.`,
        evidence,
      });
    }
    return out;
  },
};
