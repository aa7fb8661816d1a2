import type { Problem } from './consistency.js';
import { type CaseStep, isClockStep, type StatusPattern, type Step, type Suite } from './types.js';

const key = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Steps no run against a conforming target reaches. A run goes through a sequence in order and stops
 * it only where it cannot go on (runner/run/case-runner.ts): a transport failure, an undefined
 * variable, a clock that cannot move, or a capture that finds nothing. So a step is unreachable when:
 * - it comes after a step whose `capture` cannot find its value in the very answer that step expects:
 *   a body value (or one under it) its `expect.body` says does not exist or is a scalar, a header its
 *   `expect.headers` says is absent (a cookie: `Set-Cookie` absent), or any body value when every
 *   status it accepts has no body (1XX, 204, 304) or it sends a HEAD. The case then stops there, failed,
 *   whenever the target answers as expected (the step itself is reported, being the last one reached);
 * - it is a bootstrap step and every case says `session: false`: no case ever uses the login.
 * Steps after an undefined variable are reported as that variable (runner/suite/references.ts).
 */
export function unreachableProblems(suite: Suite): Problem[] {
  const problems: Problem[] = [];
  if (suite.bootstrap && suite.cases.every((c) => c.session === false)) {
    problems.push({
      pointer: '/bootstrap',
      problem:
        'no case uses the bootstrap: every case has session: false, so its steps never give a case a session (remove it, or let the cases that need a login use it)',
    });
  }
  const sequence = (steps: readonly CaseStep[], at: string, stops: string) =>
    steps.forEach((step, index) => {
      if (isClockStep(step)) return;
      for (const [name, source] of Object.entries(step.capture ?? {})) {
        const why = impossibleCapture(step, source);
        if (why === undefined) continue;
        const after = steps.length - 1 - index;
        const consequence =
          after > 0
            ? `${stops}, so ${after === 1 ? 'the step after it never runs' : `the ${after} steps after it never run`}`
            : stops;
        problems.push({
          pointer: `${at}/${index}/capture/${key(name)}`,
          problem: `capture ${name} cannot succeed when the step gets the answer it expects: ${why}; ${consequence}`,
        });
      }
    });
  if (suite.bootstrap) sequence(suite.bootstrap.steps, '/bootstrap/steps', 'every login stops here');
  suite.cases.forEach((c, i) => {
    sequence(c.steps, `/cases/${i}/steps`, `case ${c.id} stops here`);
  });
  return problems;
}

/** Why `source` cannot be read from an answer that meets the step's own expectation, if it cannot. */
function impossibleCapture(step: Step, source: string): string | undefined {
  const expect = step.expect;
  const absentHeader = (header: string) =>
    expect?.headers?.findIndex((h) => h.name.toLowerCase() === header && h.exists === false) ?? -1;
  if (source.startsWith('header:') || source.startsWith('cookie:')) {
    const header = source.startsWith('header:') ? source.slice(7).toLowerCase() : 'set-cookie';
    const i = absentHeader(header);
    return i < 0 ? undefined : `expect.headers/${i} says the answer has no ${header} header`;
  }
  if (step.request?.method === 'HEAD') return 'the answer to a HEAD request has no body';
  const status = expect?.status;
  const bodiless = (s: StatusPattern) =>
    s === 204 || s === 304 || s === '1XX' || (typeof s === 'number' && s < 200);
  if (status?.every(bodiless)) {
    return `every status the step accepts (${status.join(', ')}) comes without a body`;
  }
  for (const [i, assertion] of (expect?.body ?? []).entries()) {
    const at = assertion.path;
    const within = source === at || source.startsWith(`${at}/`);
    const shown = at === '' ? 'the body' : at;
    if (within && assertion.exists === false) return `expect.body/${i} says ${shown} does not exist`;
    if (source.startsWith(`${at}/`) && assertion.type !== undefined && SCALARS.has(assertion.type)) {
      return `expect.body/${i} says ${shown} is ${assertion.type === 'integer' ? 'an' : 'a'} ${assertion.type}, which holds no ${source}`;
    }
  }
  return undefined;
}
