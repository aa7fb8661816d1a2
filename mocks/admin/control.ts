import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import type { FaultTargets } from '../core/fault-targets.js';
import type { Journal } from '../core/journal.js';
import type { MockServices } from '../core/types.js';

/**
 * What the admin API controls: the running mock as mocks/app.ts builds it. Declared here, so the admin
 * API depends on this and not on the app that mounts it.
 */
export interface MockControl {
  readonly services: MockServices;
  readonly profiles: readonly ProfileId[];
  readonly contracts: ReadonlyMap<ProfileId, ProfileContract>;
  /** What a fault may name, per mounted profile: the same check a request's directives get. */
  readonly faultTargets: ReadonlyMap<ProfileId, FaultTargets>;
  readonly journal: Journal;
  readonly seed: number;
  /** Back to the state at start-up: no sessions, no fault rules, empty journal, clock at wall time. */
  reset(): void;
}

export interface AdminOptions {
  /** Passwords and tokens shown as they are, not redacted. */
  readonly showSecrets: boolean;
}
