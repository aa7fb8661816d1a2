import { MAX_DELAY_MS } from '../core/directives.js';
import type { ScenarioDefinition } from './scenario.js';

/** Refreshes that take seconds: client timeouts, spinners, and requests queued behind a refresh. */
export const SLOW_REFRESH: ScenarioDefinition = {
  name: 'slow-refresh',
  summary: 'every refresh waits that many ms of real time before it is answered',
  description:
    'Every refresh waits the given number of milliseconds of real time (not the mock clock) before ' +
    'it is carried out and answered: for client timeouts, and for the requests and other tabs that ' +
    'start while a refresh is under way (do they wait for it, or refresh too?). Combined with a ' +
    'scenario that fails refreshes, the failure comes after the delay.',
  parameter: { name: 'ms', default: 3000, min: 0, max: MAX_DELAY_MS, integer: true },
  activate: (ms) => ({ refresh: () => ({ directives: { delayMs: ms ?? 3000 } }) }),
};
