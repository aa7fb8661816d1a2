import { type CaseStep, isClockStep, type Suite } from '../suite/types.js';
import { providedByVars, type RunContext } from './context.js';
import type { Task } from './plan.js';
import { sessionUse } from './sessions.js';

/** A step that may wait for a person: it polls with an announcement (a device code to approve). */
export function asksPerson(step: CaseStep): boolean {
  return !isClockStep(step) && step.poll?.announce !== undefined;
}

/** Whether the suite's login waits for a person (and the run has to do it, no --var gave the session). */
export function loginAsksPerson(context: Pick<RunContext, 'options'>, suite: Suite): boolean {
  return suite.bootstrap?.steps.some(asksPerson) === true && !providedByVars(context, suite);
}

/** How many approvals a profile's run will ask a person for, and what for. */
export interface ApprovalCount {
  readonly profile: Suite['profile'];
  readonly total: number;
  readonly shared: number;
  readonly own: number;
  readonly inCases: number;
}

/**
 * The approvals each profile will ask for, counted before the first login: the shared login, every
 * case that logs in on its own, every step of a case that logs in itself (the device login's own case).
 * `tasks` are the cases that will run (not those skipped for want of an admin API or by --no-destructive).
 */
export function countApprovals(
  context: Pick<RunContext, 'options'>,
  suites: readonly { readonly suite: Suite; readonly cases: readonly unknown[] }[],
  tasks: readonly Task[],
): ApprovalCount[] {
  const counts: ApprovalCount[] = [];
  for (const { suite, cases } of suites) {
    if (cases.length === 0) continue;
    const login = loginAsksPerson(context, suite);
    const own = suite.profile;
    const mine = tasks.filter((t) => t.suite.profile === own);
    const shared = login ? 1 : 0;
    const ownLogins = login ? mine.filter((t) => sessionUse(t.c) === 'own').length : 0;
    const inCases = mine.reduce((n, t) => n + t.c.steps.filter(asksPerson).length, 0);
    const total = shared + ownLogins + inCases;
    if (total > 0) counts.push({ profile: suite.profile, total, shared, own: ownLogins, inCases });
  }
  return counts;
}

/** The line said up front: `dreadnode: 3 device approvals, asked one at a time (…)`. */
export function approvalLine(count: ApprovalCount): string {
  const parts = [
    count.shared ? `${count.shared} login shared by the cases that can share it` : '',
    count.own ? `${count.own} for cases that need a session of their own` : '',
    count.inCases ? `${count.inCases} in cases that test the device login itself` : '',
  ].filter(Boolean);
  const noun = count.total === 1 ? 'approval' : 'approvals';
  return `tokenrig: ${count.profile} asks a person for ${count.total} device ${noun}, one at a time (${parts.join(', ')}); none if the server approves by itself`;
}
