import type { ScenarioDefinition } from './scenario.js';

/** Access tokens of a few seconds: expiry and refresh within seconds of a login, not hours. */
export const SHORT_LIVED: ScenarioDefinition = {
  name: 'short-lived',
  summary: 'access tokens live that many seconds: the client must refresh at once',
  description:
    'Every mounted profile issues access tokens that expire the given number of seconds after they ' +
    'are issued, on the mock clock (POST /__admin/clock moves it). Tokens issued before the scenario ' +
    'was switched on keep their lifetime; refresh tokens keep theirs. It sets what --access-ttl and ' +
    '--set <profile>.accessTtl set, so it cannot be combined with them.',
  parameter: { name: 'seconds', default: 5, min: 1, max: 86_400, integer: true },
  activate: (seconds) => ({ settings: { accessTtl: seconds ?? 5 } }),
};
