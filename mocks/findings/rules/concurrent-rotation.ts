import { byPresentedToken, succeeded } from '../history.js';
import { type ClientRule, count, statuses } from '../rule.js';

/**
 * Two refreshes presenting one rotating refresh token at once (two tabs, two requests that each saw a
 * 401): one rotates it, the other presents a token already rotated, and reuse detection may revoke the
 * whole family, logging the user out.
 */
export const concurrentRotation: ClientRule = {
  name: 'concurrent-rotation',
  title: 'Concurrent refreshes of one rotating refresh token',
  find(history, { concurrentWindowMs }) {
    const out = [];
    for (const group of byPresentedToken(history.requests).values()) {
      const [first, ...later] = group;
      if (!first || !history.profile(first.record.profile)?.rotates) continue;
      // A token the mock never issued rotates nothing: presenting it twice is a retry of a dead token.
      const state = first.record.credential?.state;
      if (state === 'unknown' || state === 'invalid') continue;
      const concurrent = later.filter((r) => r.startedAt <= first.endedAt + concurrentWindowMs);
      const all = [first, ...concurrent];
      // Only a race in which one of them rotated the token: refusals alone are a dead token retried.
      if (concurrent.length === 0 || !all.some((r) => succeeded(r.record.status))) continue;
      out.push({
        profile: first.record.profile ?? '',
        ...(first.record.session ? { session: first.record.session } : {}),
        message:
          `${count(all.length, 'refresh')} presented the same refresh token within ${concurrentWindowMs} ms ` +
          `(answered ${statuses(all)}). The token rotates: one refresh retires it, the others present a ` +
          'rotated token, which reuse detection answers by revoking the whole token family. Let one ' +
          'refresh run at a time and have the other callers wait for its result.',
        evidence: all,
      });
    }
    return out;
  },
};
