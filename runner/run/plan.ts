import { PROFILE_IDS, type ProfileContract, type ProfileId } from '../../schemas/load.js';
import { type CaseStep, isClockStep, type Suite, type SuiteCase } from '../suite/types.js';
import type { RunOptions } from './context.js';

/**
 * A run that cannot check what its suites say: a step names an operation its profile's contract lacks,
 * or a suite's profile has no contract. Thrown before any request; `tokenrig run` exits 2 with it.
 */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}

/** A case to run, with its suite and the contract its checks read. */
export interface Task {
  readonly suite: Suite;
  readonly contract: ProfileContract;
  readonly c: SuiteCase;
}

/** A suite and the cases --grep selected from it (possibly none: fuzzing still reads its steps). */
export interface SelectedSuite {
  readonly suite: Suite;
  readonly contract: ProfileContract;
  readonly cases: readonly SuiteCase[];
}

export interface Plan {
  readonly suites: readonly SelectedSuite[];
  /** Profiles with a suite, in PROFILE_IDS order (the report's order). */
  readonly profiles: readonly ProfileId[];
  readonly total: number;
}

/** Selects the cases --grep asks for and makes sure each can be checked against its contract. */
export function plan(options: Pick<RunOptions, 'suites' | 'contracts' | 'grep'>): Plan {
  const { grep } = options;
  const suites = options.suites.map((suite) => ({
    suite,
    contract: contractFor(suite, options.contracts),
    cases: suite.cases.filter((c) => !grep || grep.test(`${c.id} ${c.title} ${(c.tags ?? []).join(' ')}`)),
  }));
  return {
    suites,
    profiles: PROFILE_IDS.filter((id) => suites.some((s) => s.suite.profile === id)),
    total: suites.reduce((n, s) => n + s.cases.length, 0),
  };
}

/** The suite's contract, every operation and schema file it names checked to be in it. */
function contractFor(suite: Suite, contracts: ReadonlyMap<ProfileId, ProfileContract>): ProfileContract {
  const contract = contracts.get(suite.profile);
  if (!contract) throw new PlanError(`${suite.profile}: no contract for this profile; its checks cannot run`);
  const sequences: (readonly [string, readonly CaseStep[]])[] = [
    ...(suite.bootstrap ? [['bootstrap', suite.bootstrap.steps] as const] : []),
    ...suite.cases.map((c) => [c.id, c.steps] as const),
  ];
  for (const [where, steps] of sequences) {
    for (const step of steps) {
      if (isClockStep(step)) continue;
      if (step.operation !== undefined && !contract.operations.has(step.operation)) {
        throw new PlanError(
          `${where}, step "${step.name}": ${suite.profile}'s contract has no operation ${step.operation}`,
        );
      }
      for (const file of Object.values(step.expect?.schemas ?? {})) {
        if (!contract.schemas.has(file)) {
          throw new PlanError(`${where}, step "${step.name}": schemas/${suite.profile}/ has no ${file}`);
        }
      }
    }
  }
  return contract;
}

/** A case that moves the clock needs the admin API and runs alone, whether or not the loader said so. */
export function needsAdmin(c: SuiteCase): boolean {
  return c.requires?.includes('tokenrig-admin') === true || c.steps.some(isClockStep);
}

/**
 * Cases that move the mock's clock would expire every other case's tokens: they run alone, after the
 * others, which may run side by side.
 */
export function order(tasks: readonly Task[]): { shared: Task[]; alone: Task[] } {
  return { shared: tasks.filter((t) => !needsAdmin(t.c)), alone: tasks.filter((t) => needsAdmin(t.c)) };
}

/**
 * Report order: by profile, then as each suite lists its cases (a generated case, listed by none, sorts
 * with the first). Profiles that could not be reached go last, so a must failure found elsewhere is
 * what a reader meets first.
 */
export function reportOrder(
  selected: Plan,
  unreachable: readonly { readonly profile: ProfileId }[] = [],
): (a: { profile: ProfileId; id: string }, b: typeof a) => number {
  const position = new Map(selected.suites.flatMap(({ cases }) => cases.map((c, i) => [c.id, i] as const)));
  const last = new Set(unreachable.map((e) => e.profile));
  const rank = (p: ProfileId) => (last.has(p) ? selected.profiles.length : 0) + selected.profiles.indexOf(p);
  return (a, b) => rank(a.profile) - rank(b.profile) || (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);
}
