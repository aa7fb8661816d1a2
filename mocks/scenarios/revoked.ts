import type { ScenarioDefinition } from './scenario.js';

/** A family the server ends after a few refreshes: a client must recover by logging in again. */
export const REVOKED: ScenarioDefinition = {
  name: 'revoked',
  summary: 'a token family is revoked after that many refreshes: only a new login helps',
  description:
    'Once a login (a token family) has been refreshed the given number of times, the mock revokes it ' +
    'right after that refresh is answered, as an administrator, a password change or a security ' +
    'system would: the pair that refresh issued is already dead, so the next refresh gets the ' +
    "vendor's answer for a revoked token and access tokens tied to the login stop working " +
    '(KirjaSwappi access tokens are not tied to a login and live out their lifetime). ' +
    'GET /__admin/sessions shows revokedReason "scenario". Counts refreshes made while it is on.',
  parameter: { name: 'refreshes', default: 3, min: 1, max: 100_000, integer: true },
  activate(limit, { sessions }) {
    const after = limit ?? 3;
    const refreshes = new Map<string, number>();
    return {
      answered(_profile, session, status) {
        if (session === undefined || status < 200 || status >= 300) return;
        const count = (refreshes.get(session) ?? 0) + 1;
        refreshes.set(session, count);
        if (count >= after) {
          refreshes.delete(session);
          // After the answer, so nothing awaits it; a store that is down says so in its own log line.
          sessions.revoke(session, 'scenario').catch(() => {});
        }
      },
    };
  },
};
