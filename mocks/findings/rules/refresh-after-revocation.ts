import { type ClientRequest, rejected, succeeded } from '../history.js';
import { type ClientRule, count } from '../rule.js';

/**
 * A token family the client knew was revoked (it logged out, or was told so by a refusal) still used
 * to refresh, instead of a new login. The first refusal after a revocation the client could not know
 * of (an administrator's) is how it learns, and is not counted.
 */
export const refreshAfterRevocation: ClientRule = {
  name: 'refresh-after-revocation',
  title: 'Refresh after the token family was revoked',
  find(history) {
    const out = [];
    for (const [session, family] of history.families) {
      const rotates = history.profile(family[0]?.record.profile)?.rotates ?? false;
      let told: ClientRequest | undefined;
      const after: ClientRequest[] = [];
      // Tokens the family rotated: presenting one again is rotated-token-reused's finding.
      const rotated = new Set<string>();
      for (const r of family) {
        const state = r.record.credential?.state;
        const token = r.record.credential?.token;
        if (rotates && r.refresh && token !== undefined && succeeded(r.record.status)) rotated.add(token);
        const reused = token !== undefined && rotated.has(token);
        if (told && r.refresh && state === 'revoked' && !reused && r.startedAt >= told.endedAt - 1)
          after.push(r);
        else if (!told) {
          const loggedOut = r.role === 'logout' && succeeded(r.record.status);
          const refused = rejected(r.record.status) && (state === 'revoked' || state === 'reused');
          if (loggedOut || refused) told = r;
        }
      }
      if (!told || after.length === 0) continue;
      const how =
        told.role === 'logout'
          ? `the client logged out (request ${told.record.id})`
          : `request ${told.record.id} was refused with ${told.record.status} because the family was revoked`;
      out.push({
        profile: told.record.profile ?? '',
        session,
        message:
          `After ${how}, the family was used to refresh ${count(after.length, 'more time')}. A revoked ` +
          'family stays revoked: discard its tokens and log in again.',
        evidence: [told, ...after],
      });
    }
    return out;
  },
};
