import { byPresentedToken, succeeded } from '../history.js';
import { type ClientRule, count } from '../rule.js';

/** A rotated refresh token presented again well after the refresh that replaced it: it was not discarded. */
export const rotatedTokenReused: ClientRule = {
  name: 'rotated-token-reused',
  title: 'Rotated refresh token used again',
  find(history, { concurrentWindowMs }) {
    const out = [];
    for (const group of byPresentedToken(history.requests).values()) {
      const rotation = group.find((r) => succeeded(r.record.status));
      if (!rotation || !history.profile(rotation.record.profile)?.rotates) continue;
      // Within the window, a second presentation is concurrent-rotation's, not a token kept too long.
      const reuses = group.filter(
        (r) => r.record.id > rotation.record.id && r.startedAt > rotation.endedAt + concurrentWindowMs,
      );
      if (reuses.length === 0) continue;
      const after = Math.round(((reuses[0]?.startedAt ?? 0) - rotation.endedAt) / 1000);
      out.push({
        profile: rotation.record.profile ?? '',
        ...(rotation.record.session ? { session: rotation.record.session } : {}),
        message:
          `A refresh token the mock had rotated (request ${rotation.record.id}) was presented again ` +
          `${count(reuses.length, 'time')}, the first ${after} s later. The answer to a refresh carries a ` +
          'new refresh token: store it and discard the old one, which reuse detection treats as stolen.',
        evidence: [rotation, ...reuses],
      });
    }
    return out;
  },
};
