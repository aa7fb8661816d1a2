import { isClockStep, type Suite, type SuiteCase } from './types.js';

/**
 * What the schema cannot say about a case's session marks: a shared or rotating session needs the
 * suite's login, a rotating one names, for variables that login provides, captures the case makes, and
 * a destructive case, which ends its session, cannot share one. The first problem, or undefined.
 */
export function sessionProblem(
  suite: Suite,
  c: SuiteCase,
): { readonly pointer: string; readonly problem: string } | undefined {
  const sharing = c.session === 'shared' || c.session === 'rotates';
  if (sharing && !suite.bootstrap) {
    return {
      pointer: '/session',
      problem: `session "${c.session}" needs the suite's bootstrap, which it has not`,
    };
  }
  if (sharing && c.destructive !== undefined) {
    return {
      pointer: '/destructive',
      problem: `a destructive case ends the session it uses, so it cannot use the shared one (session "${c.session}"); leave session out`,
    };
  }
  if (c.session === 'rotates' && c.handsBack === undefined) {
    return {
      pointer: '/session',
      problem: 'session "rotates" needs handsBack: the captures holding the rotated values',
    };
  }
  if (c.handsBack === undefined) return undefined;
  if (c.session !== 'rotates') {
    return { pointer: '/handsBack', problem: 'handsBack is for a case with session "rotates"' };
  }
  const captured = new Set(c.steps.flatMap((s) => (isClockStep(s) ? [] : Object.keys(s.capture ?? {}))));
  for (const [variable, capture] of Object.entries(c.handsBack)) {
    if (!suite.bootstrap?.provides.includes(variable)) {
      return {
        pointer: `/handsBack/${variable}`,
        problem: `the bootstrap provides no ${variable} (it provides ${suite.bootstrap?.provides.join(', ')})`,
      };
    }
    if (!captured.has(capture)) {
      return { pointer: `/handsBack/${variable}`, problem: `no step of the case captures ${capture}` };
    }
  }
  return undefined;
}
