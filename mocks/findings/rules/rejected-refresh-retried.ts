import { byPresentedToken, type ClientRequest, rejected, succeeded } from '../history.js';
import { type ClientRule, count } from '../rule.js';

/**
 * A refresh token the mock refused (unknown, expired, malformed) sent again: it will never work, and
 * a client that loops on it hammers the server and never asks the user to log in.
 */
export const rejectedRefreshRetried: ClientRule = {
  name: 'rejected-refresh-retried',
  title: 'Rejected refresh token retried',
  find(history) {
    const out = [];
    for (const group of byPresentedToken(history.requests).values()) {
      const rotates = history.profile(group[0]?.record.profile)?.rotates ?? false;
      let refusal: ClientRequest | undefined;
      const retries: ClientRequest[] = [];
      for (const r of group) {
        // After a rotation, presenting the token again is rotated-token-reused's finding.
        if (rotates && succeeded(r.record.status)) break;
        // A revoked family's token is refresh-after-revocation's finding.
        const revoked = r.record.credential?.state === 'revoked';
        // Sent once the refusal was answered (a millisecond of slack for the journal's whole-ms times).
        if (refusal && !revoked && r.startedAt >= refusal.endedAt - 1) retries.push(r);
        else if (!refusal && !revoked && rejected(r.record.status)) refusal = r;
      }
      if (!refusal || retries.length === 0) continue;
      out.push({
        profile: refusal.record.profile ?? '',
        ...(refusal.record.session ? { session: refusal.record.session } : {}),
        message:
          `A refresh token the mock refused with ${refusal.record.status} (request ${refusal.record.id}, ` +
          `found ${refusal.record.credential?.state ?? 'invalid'}) was sent again ` +
          `${count(retries.length, 'time')}. A refused refresh token stays refused: drop it and ` +
          'have the user log in again.',
        evidence: [refusal, ...retries],
      });
    }
    return out;
  },
};
