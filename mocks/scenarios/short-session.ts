import type { ScenarioDefinition } from './scenario.js';

/** Logins that end within seconds: the client must notice a dead refresh token and log in again. */
export const SHORT_SESSION: ScenarioDefinition = {
  name: 'short-session',
  summary: 'refresh tokens live that many seconds: then only a new login helps',
  description:
    'Every mounted profile issues refresh tokens that expire the given number of seconds after they ' +
    'are issued, on the mock clock (Oracle Commerce, which has no refresh token, ends the login that ' +
    'long after it began). A refresh after that gets the answer each vendor documents for an expired ' +
    'refresh token, and only a new login helps. It sets what --refresh-ttl and --set ' +
    '<profile>.refreshTtl set, so it cannot be combined with them.',
  parameter: { name: 'seconds', default: 30, min: 1, max: 31_536_000, integer: true },
  activate: (seconds) => ({ settings: { refreshTtl: seconds ?? 30 } }),
};
