import { closestName } from '../../runner/suite/closest-name.js';
import type { ProfileId } from '../../schemas/load.js';
import type { Clock } from '../core/clock.js';
import type { Directives } from '../core/directives.js';
import { seededFloats } from '../core/random.js';
import type { SessionStore } from '../core/session-store.js';
import type { SettingsSchema } from '../core/settings.js';
import {
  type ActiveScenario,
  type RefreshOutcome,
  SCENARIO_SETTINGS,
  type ScenarioDefinition,
  type ScenarioParameter,
  type ScenarioProfile,
  type ScenarioSetting,
} from './scenario.js';

/**
 * Why a scenario cannot be switched on, as a usage error (exit 2 from the CLI): `unknown` name (404 from
 * the admin API), `invalid` value or a scenario no mounted profile can take (400), or a `conflict` with
 * another scenario or a flag (409). Nothing changes when one is thrown.
 */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly kind: 'unknown' | 'invalid' | 'conflict',
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** A scenario as `GET /__admin/scenarios` shows it. */
export interface ScenarioState {
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly active: boolean;
  readonly parameter?: ScenarioParameter;
  /** The value it runs with, when active. */
  readonly value?: number;
  /** The mounted profiles it acts on. */
  readonly profiles: readonly ProfileId[];
  /** The mounted profiles it leaves alone, and why. */
  readonly notOn: readonly { readonly profile: ProfileId; readonly reason: string }[];
}

/** What the scenarios decided for one refresh: whose decision, and what happens to it. */
export interface ScenarioDecision {
  /** The scenarios that acted on it, in the order they were switched on. */
  readonly names: readonly string[];
  readonly directives?: Directives;
  readonly lose?: true;
}

interface Running {
  readonly definition: ScenarioDefinition;
  readonly value: number | undefined;
  readonly profiles: ReadonlySet<ProfileId>;
  readonly scenario: ActiveScenario;
}

export interface ScenariosOptions {
  readonly definitions: readonly ScenarioDefinition[];
  /** The mounted profiles with their refresh operations. */
  readonly profiles: readonly ScenarioProfile[];
  readonly clock: Clock;
  readonly sessions: SessionStore;
  readonly seed: number;
  /**
   * Settings given explicitly at start (`<profile>.<key>`, from `--set`, `--access-ttl`,
   * `--refresh-ttl`): a scenario that sets one of them contradicts the flag.
   */
  readonly fixedSettings?: ReadonlySet<string>;
}

/** The operation every scenario acts on; each profile's contract names its refresh so. */
const REFRESH = 'refresh';

/**
 * The scenarios of a mock and which are on: switched at start (`--scenario`) and at run time
 * (`/__admin/scenarios`), back to the start-up set on reset. Every change is checked whole before it
 * is made (an unknown name, a bad value, a contradiction), so a refused one leaves everything as it was.
 * Per request a profile asks only whether any is on.
 */
export class Scenarios {
  readonly #definitions = new Map<string, ScenarioDefinition>();
  readonly #options: ScenariosOptions;
  /** Active scenarios by name, in the order they were switched on. */
  readonly #running = new Map<string, Running>();
  readonly #overlay = new Map<ProfileId, Partial<Record<ScenarioSetting, number>>>();
  readonly #initial: readonly { name: string; value: number | undefined }[];
  /** The one draw per refresh that scenarios with a share split between them. */
  #roll: () => number;
  /** Whether any scenario is on: the one thing a request without one reads. */
  active = false;

  /** @param initial `--scenario` values, `<name>` or `<name>=<value>`; a contradiction throws. */
  constructor(options: ScenariosOptions, initial: readonly string[] = []) {
    this.#options = options;
    for (const d of options.definitions) this.#definitions.set(d.name, d);
    this.#roll = this.#stream('scenarios');
    const parsed = initial.map((spec) => this.parse(spec));
    const seen = new Map<string, number | undefined>();
    for (const { definition, value } of parsed) {
      const before = seen.get(definition.name);
      if (seen.has(definition.name) && before !== value) {
        throw new ScenarioError(
          `--scenario ${definition.name} is given twice, with ${before} and ${value}: give it once`,
          'conflict',
        );
      }
      seen.set(definition.name, value);
    }
    this.#initial = [...seen].map(([name, value]) => ({ name, value }));
    for (const { name, value } of this.#initial) this.switchOn(name, value);
  }

  /** Reads `<name>` or `<name>=<value>`, the value checked against the scenario's parameter. */
  parse(spec: string): { definition: ScenarioDefinition; value: number | undefined } {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const definition = this.#definition(name);
    return {
      definition,
      value: eq < 0 ? definition.parameter?.default : checkValue(definition, spec.slice(eq + 1)),
    };
  }

  /**
   * Switches a scenario on, with `value` (its default when absent) or the value in `<name>=<value>`;
   * one already on is restarted with the new value.
   */
  switchOn(spec: string, value?: number | string): ScenarioState {
    const parsed = this.parse(spec);
    const { definition } = parsed;
    const chosen = value === undefined ? parsed.value : checkValue(definition, String(value));
    const profiles = this.#options.profiles.filter((p) => definition.inapplicable?.(p.refresh) === undefined);
    if (profiles.length === 0) {
      const why = this.#notOn(definition)
        .map((n) => `${n.profile}: ${n.reason}`)
        .join('; ');
      throw new ScenarioError(
        `${definition.name} applies to none of the mounted profiles (${why})`,
        'invalid',
      );
    }
    const scenario = definition.activate(chosen, {
      profiles,
      clock: this.#options.clock,
      sessions: this.#options.sessions,
      random: this.#stream(definition.name),
    });
    const running: Running = {
      definition,
      value: chosen,
      profiles: new Set(profiles.map((p) => p.profile)),
      scenario,
    };
    this.#checkConflicts(running);
    this.#running.delete(definition.name);
    this.#running.set(definition.name, running);
    this.#changed();
    return this.#state(definition);
  }

  /** Switches a scenario off; false when it was not on. An unknown name throws. */
  switchOff(name: string): boolean {
    this.#definition(name);
    const was = this.#running.delete(name);
    this.#changed();
    return was;
  }

  clear(): void {
    this.#running.clear();
    this.#changed();
  }

  /** Back to the scenarios given at start, each starting afresh (its windows, counts and draws). */
  reset(): void {
    this.#running.clear();
    this.#roll = this.#stream('scenarios');
    for (const { name, value } of this.#initial) this.switchOn(name, value);
    this.#changed();
  }

  list(): ScenarioState[] {
    return [...this.#definitions.values()].map((d) => this.#state(d));
  }

  /** Names of the active scenarios, in the order they were switched on. */
  enabled(): string[] {
    return [...this.#running.keys()];
  }

  /** `name` or `name=value` of each active scenario, for the start banner. */
  describeActive(): string[] {
    return [...this.#running.values()].map(({ definition, value }) =>
      value === undefined ? definition.name : `${definition.name}=${value}`,
    );
  }

  /**
   * The profile's settings with the active scenarios' over them, read live: a profile built once at
   * start-up issues tokens with whatever lifetime the scenarios say when each token is issued.
   */
  live<T extends SettingsSchema>(profile: ProfileId, config: T): T {
    const out = { ...config };
    for (const key of SCENARIO_SETTINGS) {
      const base = config[key];
      if (typeof base !== 'number') continue;
      Object.defineProperty(out, key, {
        enumerable: true,
        get: () => this.#overlay.get(profile)?.[key] ?? base,
      });
    }
    return out;
  }

  /** What the active scenarios do to a request (only refreshes are touched), or undefined for nothing. */
  decide(profile: ProfileId, operation: string): ScenarioDecision | undefined {
    if (operation !== REFRESH) return undefined;
    const names: string[] = [];
    let directives: Directives | undefined;
    let lose: true | undefined;
    const take = (name: string, outcome: RefreshOutcome | undefined) => {
      if (!outcome) return;
      names.push(name);
      // The first scenario to decide an answer keeps it; delays add up.
      if (outcome.directives) {
        const delayMs = (directives?.delayMs ?? 0) + (outcome.directives.delayMs ?? 0);
        directives = { ...outcome.directives, ...directives, ...(delayMs > 0 ? { delayMs } : {}) };
      }
      if (outcome.lose) lose = true;
    };
    const shared: Running[] = [];
    for (const running of this.#running.values()) {
      if (!running.profiles.has(profile)) continue;
      if (running.scenario.share !== undefined) shared.push(running);
      else take(running.definition.name, running.scenario.refresh?.(profile));
    }
    if (shared.length > 0) {
      // One draw per refresh whatever was decided above, so a seeded run draws the same sequence.
      const roll = this.#roll();
      const decided = directives !== undefined && hasAnswer(directives);
      let upTo = 0;
      for (const running of shared) {
        upTo += running.scenario.share ?? 0;
        if (roll < upTo) {
          if (!decided) take(running.definition.name, running.scenario.refresh?.(profile));
          break;
        }
      }
    }
    if (names.length === 0) return undefined;
    return { names, ...(directives ? { directives } : {}), ...(lose ? { lose } : {}) };
  }

  /** Tells the active scenarios how a refresh was answered, and for which session. */
  answered(profile: ProfileId, operation: string, session: string | undefined, status: number): void {
    if (operation !== REFRESH) return;
    for (const running of this.#running.values()) {
      if (running.profiles.has(profile)) running.scenario.answered?.(profile, session, status);
    }
  }

  #definition(name: string): ScenarioDefinition {
    const definition = this.#definitions.get(name);
    if (definition) return definition;
    const names = [...this.#definitions.keys()];
    const near = closestName(name, names);
    const hint = near ? `did you mean ${near}? ` : '';
    throw new ScenarioError(
      `no scenario ${JSON.stringify(name)}; ${hint}scenarios are ${names.join(', ')}`,
      'unknown',
    );
  }

  #notOn(definition: ScenarioDefinition): { profile: ProfileId; reason: string }[] {
    return this.#options.profiles.flatMap(({ profile, refresh }) => {
      const reason = definition.inapplicable?.(refresh);
      return reason === undefined ? [] : [{ profile, reason }];
    });
  }

  #state(definition: ScenarioDefinition): ScenarioState {
    const running = this.#running.get(definition.name);
    const notOn = this.#notOn(definition);
    return {
      name: definition.name,
      summary: definition.summary,
      description: definition.description,
      active: running !== undefined,
      ...(definition.parameter ? { parameter: definition.parameter } : {}),
      ...(running?.value === undefined ? {} : { value: running.value }),
      profiles: this.#options.profiles
        .map((p) => p.profile)
        .filter((p) => !notOn.some((n) => n.profile === p)),
      notOn,
    };
  }

  /** Refuses a scenario that sets what another one or a flag sets, or a share that would exceed 1. */
  #checkConflicts(next: Running): void {
    const others = [...this.#running.values()].filter((r) => r.definition.name !== next.definition.name);
    const name = next.definition.name;
    for (const key of Object.keys(next.scenario.settings ?? {}) as ScenarioSetting[]) {
      const rival = others.find((r) => r.scenario.settings?.[key] !== undefined);
      if (rival) {
        throw new ScenarioError(
          `${name} and ${rival.definition.name} both set ${key}: choose one`,
          'conflict',
        );
      }
      const fixed = [...next.profiles].find((p) => this.#options.fixedSettings?.has(`${p}.${key}`));
      if (fixed) {
        const flag = key === 'accessTtl' ? '--access-ttl' : '--refresh-ttl';
        throw new ScenarioError(
          `${name} sets ${key}, which ${flag} or --set ${fixed}.${key} already sets: give one of them`,
          'conflict',
        );
      }
    }
    if (next.scenario.share !== undefined) {
      const sharing = others.filter((r) => r.scenario.share !== undefined);
      const total = sharing.reduce((sum, r) => sum + (r.scenario.share ?? 0), next.scenario.share);
      if (total > 1 + 1e-9) {
        const parts = [...sharing, next].map((r) => `${r.definition.name}=${r.scenario.share}`).join(' + ');
        throw new ScenarioError(
          `${parts} claim more than every refresh (${Number(total.toFixed(6))}); their shares must add up to 1 at most`,
          'conflict',
        );
      }
    }
  }

  #changed(): void {
    this.active = this.#running.size > 0;
    this.#overlay.clear();
    for (const { scenario, profiles } of this.#running.values()) {
      if (!scenario.settings) continue;
      for (const profile of profiles) {
        this.#overlay.set(profile, { ...this.#overlay.get(profile), ...scenario.settings });
      }
    }
  }

  #stream(name: string): () => number {
    return seededFloats(this.#options.seed, `scenario:${name}`);
  }
}

function hasAnswer(d: Directives): boolean {
  return d.code !== undefined || d.error !== undefined || d.fault !== undefined;
}

/** The value of `<name>=<value>`, checked against the scenario's parameter. */
function checkValue(definition: ScenarioDefinition, raw: string): number {
  const p = definition.parameter;
  if (!p) throw new ScenarioError(`${definition.name} takes no value, got ${JSON.stringify(raw)}`, 'invalid');
  const n = Number(raw);
  const kind = p.integer ? 'a whole number' : 'a number';
  if (
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    (p.integer && !Number.isInteger(n)) ||
    n < p.min ||
    n > p.max
  ) {
    throw new ScenarioError(
      `${definition.name}=<${p.name}> takes ${kind} from ${p.min} to ${p.max}, got ${JSON.stringify(raw)}`,
      'invalid',
    );
  }
  return n;
}
