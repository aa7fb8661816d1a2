import type { OperationContract, ProfileId } from '../../schemas/load.js';
import type { Clock } from '../core/clock.js';
import type { Directives } from '../core/directives.js';
import type { SessionStore } from '../core/session-store.js';

/** The profile settings a scenario may set: the two lifetimes every profile has. */
export const SCENARIO_SETTINGS = ['accessTtl', 'refreshTtl'] as const;
export type ScenarioSetting = (typeof SCENARIO_SETTINGS)[number];

/** A scenario's one number, `--scenario <name>=<value>`: what it means, its default and its range. */
export interface ScenarioParameter {
  /** What the number counts, as the help shows it: `seconds`, `share`, `refreshes`. */
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** A mounted profile's refresh operation, which every scenario acts on. */
export interface ScenarioProfile {
  readonly profile: ProfileId;
  readonly refresh: OperationContract;
}

/** What an activated scenario may use of the mock. */
export interface ScenarioContext {
  /** The mounted profiles the scenario applies to (never empty). */
  readonly profiles: readonly ScenarioProfile[];
  readonly clock: Clock;
  readonly sessions: SessionStore;
  /** Floats in [0, 1) from the scenario's own stream, seeded from the mock's `--seed`. */
  readonly random: () => number;
}

/** What a scenario does to one refresh it claims. */
export interface RefreshOutcome {
  /** Answered instead of (or, a delay, before) the usual answer, as a fault rule's would be. */
  readonly directives?: Directives;
  /** The refresh is carried out, then its answer is lost: the connection is reset instead. */
  readonly lose?: true;
}

/**
 * A scenario switched on: the state it keeps (a rate window, refresh counts, its random stream) lives in
 * here, so switching it off and on again, or `POST /__admin/reset`, starts it afresh.
 */
export interface ActiveScenario {
  /** Settings it sets on every profile it applies to; read when a token is issued. */
  readonly settings?: Readonly<Partial<Record<ScenarioSetting, number>>>;
  /**
   * The share of refreshes it claims. Scenarios with a share split one draw per refresh between them
   * (so together they can claim at most every refresh); `refresh` is then asked only for its own.
   */
  readonly share?: number;
  /** What happens to a refresh: each one when the scenario has no share, else only those it drew. */
  refresh?(profile: ProfileId): RefreshOutcome | undefined;
  /** After a refresh was answered, with the session (token family) it touched. */
  answered?(profile: ProfileId, session: string | undefined, status: number): void;
}

/**
 * A named preset over the mock's faults and settings: a situation a client must survive.
 * Listed in mocks/scenarios/index.ts.
 */
export interface ScenarioDefinition {
  /** kebab-case: `--scenario <name>`, `PUT /__admin/scenarios/<name>`. */
  readonly name: string;
  /**
   * One line, for `tokenrig mock --help`, `tokenrig list`, the start banner and the admin API; "that
   * many" (or "that share") is the parameter, shown beside it with its default or value.
   */
  readonly summary: string;
  /** What it changes, exactly, and on which profiles (and why not on others). */
  readonly description: string;
  readonly parameter?: ScenarioParameter;
  /** Why the scenario cannot act on this profile, or undefined when it can. */
  inapplicable?(refresh: OperationContract): string | undefined;
  activate(value: number | undefined, context: ScenarioContext): ActiveScenario;
}
