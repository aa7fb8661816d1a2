import { randomInt } from 'node:crypto';
import type { RunReport } from './model.js';
import type { RunEvents, RunOptions } from './run/context.js';
import { execute } from './run/execute.js';
import { reportOf } from './run/summary.js';

export type { RunEvents, RunOptions } from './run/context.js';
export { PlanError } from './run/plan.js';

/**
 * A run and its report in one call, for the tests and the bench; `tokenrig run` calls `execute` and
 * `reportOf` itself, around its reporters. The parts live in runner/run/.
 */
export async function runSuites(options: RunOptions, events: RunEvents = {}): Promise<RunReport> {
  return reportOf(await execute(options, events));
}

/** A seed for a run that was given none, printed in the report so the run can be replayed. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}
