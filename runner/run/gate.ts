import { EXIT } from '../exit-codes.js';
import type { CaseResult } from '../model.js';
import { runBootstrap } from './case-runner.js';
import { newSession, providedByVars, type RunContext } from './context.js';
import type { SelectedSuite, Task } from './plan.js';
import { caseInfo } from './result.js';
import type { StepLog } from './step.js';

/** Why the run ends early with exit 3, when it does: the target or a login was unusable. */
export interface Halt {
  readonly code: number;
  readonly reason: string;
}

export interface Gated {
  readonly tasks: Task[];
  /** Cases failed without running, because their suite's login did not work. */
  readonly refused: CaseResult[];
  readonly halt?: Halt;
}

/**
 * One bootstrap per suite before its cases: if the target cannot log us in, no case can say anything,
 * so they fail with the login's reason and the run exits 3 instead of blaming each case.
 */
export async function gateOnBootstrap(context: RunContext, suites: readonly SelectedSuite[]): Promise<Gated> {
  const tasks: Task[] = [];
  const refused: CaseResult[] = [];
  let halt: Halt | undefined;
  for (const { suite, contract, cases } of suites) {
    if (cases.length === 0) continue;
    if (suite.bootstrap && !providedByVars(context, suite)) {
      const log: StepLog = { failures: [], steps: [] };
      const ok = await runBootstrap(context, suite, contract, newSession(context), log);
      const { failures, steps } = log;
      // No session: the sequence broke off, or the login answered other than the suite expects. A login
      // that works but, say, violates its schema is a conformance failure the cases will report.
      const refusing = failures.filter((f) => f.severity === 'must' && (f.check === 'assertion' || !ok));
      if (!ok || refusing.length > 0) {
        const first = refusing[0] ?? failures[0];
        const reason = `session bootstrap failed: ${first ? `${first.title}: ${first.message}` : 'no session'}`;
        halt ??= { code: EXIT.UNREACHABLE, reason: `${suite.profile}: ${reason}` };
        for (const c of cases) {
          refused.push({ ...caseInfo(suite, c), status: 'failed', reason, failures, steps, durationMs: 0 });
        }
        continue;
      }
    }
    for (const c of cases) tasks.push({ suite, contract, c });
  }
  return { tasks, refused, ...(halt ? { halt } : {}) };
}
