import { type ClientRequest, succeeded } from '../history.js';
import { type ClientRule, count } from '../rule.js';

const MINUTE_MS = 60_000;

/**
 * Logins many a minute, none logged out: a client that logs in for each request (or each page) rather
 * than keeping its session and refreshing it. Each login opens another token family on the server.
 */
export const loginPerRequest: ClientRule = {
  name: 'login-per-request',
  title: 'A login per request instead of a refresh',
  find(history, { loginsPerMinute }) {
    const byProfile = new Map<string, ClientRequest[]>();
    for (const r of history.requests) {
      if (r.role !== 'login' || !succeeded(r.record.status) || r.record.profile === undefined) continue;
      const session = r.record.session;
      // A family the client logged out of was closed on purpose: logging in again is what comes next.
      const family = session === undefined ? [] : (history.families.get(session) ?? []);
      if (family.some((f) => f.role === 'logout' && succeeded(f.record.status))) continue;
      const logins = byProfile.get(r.record.profile);
      if (logins) logins.push(r);
      else byProfile.set(r.record.profile, [r]);
    }
    const out = [];
    for (const [profile, logins] of byProfile) {
      const evidence = new Set<ClientRequest>();
      let most = 0;
      for (let i = 0, j = 0; j < logins.length; j++) {
        while ((logins[j]?.startedAt ?? 0) - (logins[i]?.startedAt ?? 0) >= MINUTE_MS) i++;
        if (j - i + 1 >= loginsPerMinute) for (const l of logins.slice(i, j + 1)) evidence.add(l);
        most = Math.max(most, j - i + 1);
      }
      if (evidence.size === 0) continue;
      const refreshes = [...evidence].reduce(
        (n, l) => n + (history.families.get(l.record.session ?? '')?.filter((f) => f.refresh).length ?? 0),
        0,
      );
      out.push({
        profile,
        message:
          `${most} logins to ${profile} within a minute (the limit is ${loginsPerMinute}), none logged ` +
          `out; their token families refreshed ${count(refreshes, 'time')}. Log in once, keep the tokens, ` +
          'and refresh the access token when it nears its expiry.',
        evidence: [...evidence].sort((a, b) => a.record.id - b.record.id),
      });
    }
    return out;
  },
};
