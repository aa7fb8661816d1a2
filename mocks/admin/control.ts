import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import type { FaultTargets } from '../core/fault-targets.js';
import type { Journal } from '../core/journal.js';
import type { SettingInForce } from '../core/settings.js';
import type { MockServices } from '../core/types.js';
import type { ClientRuleOptions } from '../findings/history.js';

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
  /** The thresholds of the client report's rules (`GET /__admin/client-report`). */
  readonly clientRules: ClientRuleOptions;
  readonly seed: number;
  /** The namespace this world is, or undefined for the mock's own world. */
  readonly namespace: string | undefined;
  /** Every namespace's world, shared by all worlds of one mock. */
  readonly namespaces: NamespaceDirectory;
  /** The settings that differ from their profiles' defaults, fixed at start-up, with the flag of each. */
  readonly settings: readonly SettingInForce[];
  /**
   * Back to the state at start-up, as a restart with the same flags and seed would be: no sessions, no
   * fault rules (ids from rule-1 again), the start-up users, quirks and scenarios (each scenario starting afresh), an empty journal, the clock at
   * wall time, the seed replayed from its first value. Settings are fixed at start-up and stay.
   */
  reset(): Promise<void>;
}

/** The namespaces of one mock, as the admin API sees them (mocks/core/namespace-worlds.ts keeps them). */
export interface NamespaceDirectory {
  readonly size: number;
  readonly max: number;
  /** Oldest first. */
  list(): readonly {
    readonly name: string;
    readonly world: MockControl;
    readonly createdAt: number;
    readonly lastUsedAt: number;
  }[];
  /** Drops a namespace's world and all its state; false when there is none of that name. */
  delete(name: string): boolean;
}

export interface AdminOptions {
  /** Passwords and tokens shown as they are, not redacted. */
  readonly showSecrets: boolean;
}
