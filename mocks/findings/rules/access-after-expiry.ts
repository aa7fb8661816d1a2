import type { ClientRequest } from '../history.js';
import { type ClientRule, count, issuerBefore } from '../rule.js';

/**
 * An access token sent after its expiry: the client does not track expires_in or exp, and learns of
 * the expiry from a 401 (or, on Oracle, refreshes too late: only an unexpired token can be exchanged).
 */
export const accessAfterExpiry: ClientRule = {
  name: 'access-after-expiry',
  title: 'Access token used after its expiry',
  find(history) {
    const groups = new Map<string, ClientRequest[]>();
    for (const r of history.requests) {
      const c = r.record.credential;
      if (c?.kind !== 'access' || c.state !== 'expired') continue;
      const key = r.record.session ?? `profile:${r.record.profile}`;
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    return [...groups.values()].flatMap((evidence) => {
      const [first] = evidence;
      if (!first) return [];
      const { profile, session } = first.record;
      const family = session === undefined ? undefined : history.families.get(session);
      const issuer = family && issuerBefore(family, first);
      const late = issuer
        ? ` (the first ${Math.max(0, Math.round((first.startedAt - issuer.endedAt) / 1000 - issuer.record.expiresIn))} s after it expired)`
        : '';
      return [
        {
          profile: profile ?? '',
          ...(session ? { session } : {}),
          message:
            `${count(evidence.length, 'request')} sent an access token after its expiry${late}, and ` +
            'were refused. Refresh before the token expires (expires_in from its answer, or its exp claim) ' +
            'rather than waiting for a 401.',
          evidence,
        },
      ];
    });
  },
};
