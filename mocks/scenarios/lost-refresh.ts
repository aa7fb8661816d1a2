import type { ScenarioDefinition } from './scenario.js';

/** The refresh happens but its answer never arrives: the case that logs out clients that retry blindly. */
export const LOST_REFRESH: ScenarioDefinition = {
  name: 'lost-refresh',
  summary: 'that share of refreshes are carried out, then their answer is lost (reset)',
  description:
    'Each refresh, with the given probability (seeded by --seed, drawn from the same draw as ' +
    'flaky-refresh, so the two together claim at most every refresh), is carried out as usual — a ' +
    'rotating refresh token is rotated — and then the connection is reset instead of answered. A ' +
    'client that retries with the refresh token it still holds presents a rotated one: Dreadnode, ' +
    'floLIVE and KirjaSwappi refuse it, and where the mock detects reuse (RFC 9700 §4.14.2) the whole ' +
    'family is revoked. Needs a real connection (in-process requests get a directive error).',
  parameter: { name: 'share', default: 0.2, min: 0, max: 1, integer: false },
  activate: (share) => ({ share: share ?? 0.2, refresh: () => ({ lose: true }) }),
};
