import { type ClientRequest, succeeded } from '../history.js';
import { type ClientRule, issuerBefore } from '../rule.js';

const MINUTE_MS = 60_000;

/**
 * Refreshes far before expiry, many a minute: a client that refreshes on every request or on a timer
 * much shorter than the token's lifetime. Each refresh counted was made while the access token it
 * replaced still had more than half of its lifetime left; a client refreshing shortly before expiry
 * is never counted, however short-lived its tokens.
 */
export const refreshStorm: ClientRule = {
  name: 'refresh-storm',
  title: 'Refresh storm: refreshed far before expiry',
  find(history, { stormRefreshes }) {
    const out = [];
    for (const [session, family] of history.families) {
      const early: { r: ClientRequest; left: number; life: number }[] = [];
      for (const r of family) {
        if (!r.refresh || !succeeded(r.record.status)) continue;
        const issuer = issuerBefore(family, r);
        if (!issuer) continue;
        const life = issuer.record.expiresIn * 1000;
        const left = issuer.endedAt + life - r.startedAt;
        if (left > life / 2) early.push({ r, left, life });
      }
      // The most early refreshes any minute holds: a sliding window over times already in order.
      let most = 0;
      for (let i = 0, j = 0; j < early.length; j++) {
        while ((early[j]?.r.startedAt ?? 0) - (early[i]?.r.startedAt ?? 0) >= MINUTE_MS) i++;
        most = Math.max(most, j - i + 1);
      }
      const first = early[0];
      if (most < stormRefreshes || !first) continue;
      out.push({
        profile: first.r.record.profile ?? '',
        session,
        message:
          `${most} refreshes within a minute (the limit is ${stormRefreshes}), each while the access token ` +
          `still had more than half its lifetime left (the first with ${Math.round(first.left / 1000)} of ` +
          `${Math.round(first.life / 1000)} s). Refresh shortly before the token expires (its expires_in ` +
          'or exp), not on every request or on a short timer.',
        evidence: early.map((e) => e.r),
      });
    }
    return out;
  },
};
