import { FLAKY_REFRESH } from './flaky-refresh.js';
import { LOST_REFRESH } from './lost-refresh.js';
import { RATE_LIMITED } from './rate-limited.js';
import { REVOKED } from './revoked.js';
import type { ScenarioDefinition } from './scenario.js';
import { SHORT_LIVED } from './short-lived.js';
import { SHORT_SESSION } from './short-session.js';
import { SLOW_REFRESH } from './slow-refresh.js';

/** Every scenario `--scenario` and `/__admin/scenarios` know, in the order the help lists them. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  SHORT_LIVED,
  SHORT_SESSION,
  FLAKY_REFRESH,
  LOST_REFRESH,
  RATE_LIMITED,
  REVOKED,
  SLOW_REFRESH,
];
