import type { ProfileId } from '../../schemas/load.js';
import { EXIT } from '../exit-codes.js';
import type { CaseResult } from '../model.js';
import { runBootstrap } from './case-runner.js';
import { newSession, providedByVars, type RunContext, type Session } from './context.js';
import type { SelectedSuite, Task } from './plan.js';
import { caseInfo } from './result.js';
import type { StepLog } from './step.js';

/** Why the run exits 3 whatever its cases say: the target or some profiles' logins were unusable. */
export interface Halt {
  readonly code: number;
  readonly reason: string;
  /** The profiles whose login failed (after retries); absent when the whole target was unreachable. */
  readonly profiles?: readonly ProfileId[];
}

/** A profile none of whose cases could run, and why. */
export interface Errored {
  readonly profile: ProfileId;
  readonly reason: string;
}

export interface Gated {
  readonly tasks: Task[];
  /** Cases failed without running, because their suite's login did not work. */
  readonly refused: CaseResult[];
  /** The profiles whose login failed, in run order. */
  readonly errored: Errored[];
  /** Each working login's session, by profile: the session cases marked `shared` use. */
  readonly sessions: Map<ProfileId, Session>;
  readonly halt?: Halt;
}

/**
 * One bootstrap per suite before its cases: if the target cannot log us in, no case of that profile
 * can say anything, so they fail with the login's reason (the profile errored) while the other profiles
 * run, and the run exits 3 naming every profile that could not be reached.
 */
export async function gateOnBootstrap(context: RunContext, suites: readonly SelectedSuite[]): Promise<Gated> {
  const tasks: Task[] = [];
  const refused: CaseResult[] = [];
  const errored: Errored[] = [];
  const sessions = new Map<ProfileId, Session>();
  for (const { suite, contract, cases } of suites) {
    if (cases.length === 0) continue;
    if (suite.bootstrap && !providedByVars(context, suite)) {
      const log: StepLog = { failures: [], steps: [] };
      const session = newSession(context);
      const ok = await runBootstrap(context, suite, contract, session, log);
      // Stopped by Ctrl-C during the login: it says nothing about the target. Its cases go on as tasks,
      // which the executor reports as not run, like every case the interruption kept from starting.
      if (context.options.signal?.aborted) {
        for (const c of cases) tasks.push({ suite, contract, c });
        continue;
      }
      const { failures, steps } = log;
      // No session: the sequence broke off, or the login answered other than the suite expects. A login
      // that works but, say, violates its schema is a conformance failure the cases will report.
      const refusing = failures.filter((f) => f.severity === 'must' && (f.check === 'assertion' || !ok));
      if (!ok || refusing.length > 0) {
        const first = refusing[0] ?? failures[0];
        const why = `session bootstrap failed: ${first ? `${first.title}: ${first.message}` : 'no session'}`;
        errored.push({ profile: suite.profile, reason: why });
        for (const c of cases) {
          refused.push({
            ...caseInfo(suite, c),
            status: 'failed',
            reason: why,
            failures,
            steps,
            durationMs: 0,
          });
        }
        continue;
      }
      sessions.set(suite.profile, session);
    }
    for (const c of cases) tasks.push({ suite, contract, c });
  }
  const halt = haltFor(errored);
  return { tasks, refused, errored, sessions, ...(halt ? { halt } : {}) };
}

function haltFor(errored: readonly Errored[]): Halt | undefined {
  if (errored.length === 0) return undefined;
  return {
    code: EXIT.UNREACHABLE,
    reason: errored.map((e) => `${e.profile}: ${e.reason}`).join('; '),
    profiles: errored.map((e) => e.profile),
  };
}
