import type { ProfileContract } from '../../schemas/load.js';
import type { CaseResult, Severity } from '../model.js';
import { type CaseStep, isClockStep, type Suite } from '../suite/types.js';
import { TemplateError } from '../template.js';
import { messageOf } from './apply-checks.js';
import { advanceClock } from './clock.js';
import { newSession, providedByVars, type RunContext, type Session } from './context.js';
import { needsAdmin, type Task } from './plan.js';
import { caseInfo, skipped } from './result.js';
import type { RetryNotice } from './retry.js';
import { type SharedSessions, sessionUse } from './sessions.js';
import { CaseAborted, runStep, type StepLog } from './step.js';

/**
 * One case in a fresh session: its suite's login first (unless --var provided the session or the case
 * says `session: false`), then its steps in order. Passed when no must finding (with --strict, no
 * finding at all) and nothing stopped it.
 */
export async function runCase(
  context: RunContext,
  { suite, contract, c }: Task,
  shared?: SharedSessions,
): Promise<CaseResult> {
  const started = performance.now();
  if (needsAdmin(c) && !context.adminAvailable) {
    return skipped(suite, c, 'needs a tokenrig mock (its /__admin API moves the clock); the target has none');
  }
  const use = sessionUse(c);
  const lent = use === 'shared' || use === 'rotates' ? shared?.lend(suite.profile) : undefined;
  const session = lent && !('lost' in lent) ? lent : newSession(context);
  if (lent && 'lost' in lent) {
    context.events.warn?.(
      `tokenrig: ${suite.profile}'s shared session was lost (${lent.lost}): ${c.id} logs in on its own, one login more than announced`,
    );
  }
  const log: StepLog = { failures: [], steps: [] };
  let reason: string | undefined;
  if (use !== 'none' && session !== lent && suite.bootstrap && !providedByVars(context, suite)) {
    if (!(await runBootstrap(context, suite, contract, session, log))) reason = 'session bootstrap failed';
  }
  if (reason === undefined) await runSteps(context, contract, c.steps, session, log, c.severity ?? 'must');
  if (use === 'rotates' && session === lent) shared?.handBack(suite.profile, c, session);
  const mustFailed = log.failures.some((f) => f.severity === 'must');
  const shouldFailed = log.failures.some((f) => f.severity === 'should');
  return {
    ...caseInfo(suite, c),
    status: mustFailed || (context.options.strict && shouldFailed) || reason ? 'failed' : 'passed',
    ...(reason ? { reason } : {}),
    failures: log.failures,
    steps: log.steps,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The suite's login flow into `session`; its steps are reported as `bootstrap: …`, always at must. */
export function runBootstrap(
  context: RunContext,
  suite: Suite,
  contract: ProfileContract,
  session: Session,
  log: StepLog,
): Promise<boolean> {
  const steps = suite.bootstrap?.steps ?? [];
  return runSteps(context, contract, steps, session, log, 'must', 'bootstrap', (step) => (notice) => {
    const retry = { profile: suite.profile, step, ...notice };
    context.retries.push(retry);
    context.events.warn?.(
      `tokenrig: ${suite.profile} login, step "${step}": ${notice.message} (attempt ${notice.attempt}); retrying in ${notice.delayMs} ms`,
    );
  });
}

/** Runs steps in order; false when the sequence had to stop (transport failure, missing capture, clock). */
export async function runSteps(
  context: RunContext,
  contract: ProfileContract,
  steps: readonly CaseStep[],
  session: Session,
  log: StepLog,
  caseSeverity: Severity,
  prefix?: string,
  retrying?: (step: string) => (notice: RetryNotice) => void,
): Promise<boolean> {
  for (const step of steps) {
    const name = prefix ? `${prefix}: ${step.name}` : step.name;
    try {
      if (isClockStep(step)) {
        if (!(await advanceClock(context, step, name, log))) return false;
      } else {
        await runStep(context, contract, step, name, session, log, caseSeverity, retrying?.(name));
      }
    } catch (error) {
      if (error instanceof CaseAborted) return false;
      const title =
        error instanceof TemplateError ? 'Suite refers to an undefined variable' : 'Harness error';
      log.failures.push({ check: 'harness', title, message: messageOf(error), severity: 'must', step: name });
      return false;
    }
  }
  return true;
}
