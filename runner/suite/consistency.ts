import type { ProfileContract } from '../../schemas/load.js';
import { basisProblem } from './basis.js';
import { sessionProblem } from './session-marks.js';
import { allowsStatus } from './status.js';
import { isClockStep, type Step, type Suite } from './types.js';

/** A problem a schema cannot see, at a JSON pointer into the resolved suite. */
export interface Problem {
  readonly pointer: string;
  readonly problem: string;
}

/**
 * What a schema cannot say about a resolved suite: its operations and schema files exist in the
 * profile's contract, a GET carries no body, a `preferStatus` lies within `status`, every `must` rests on
 * a documented, reconstructed or standard clause. The first problem, or undefined.
 */
export function consistencyProblem(suite: Suite, contract: ProfileContract | undefined): Problem | undefined {
  const bootstrap = suite.bootstrap?.steps ?? [];
  for (const [i, step] of bootstrap.entries()) {
    const problem = stepProblem(suite, contract, step);
    if (problem) return { pointer: `/bootstrap/steps/${i}${problem.pointer}`, problem: problem.problem };
  }
  for (const [i, c] of suite.cases.entries()) {
    for (const [j, step] of c.steps.entries()) {
      const problem = isClockStep(step) ? undefined : stepProblem(suite, contract, step);
      if (problem) return { pointer: `/cases/${i}/steps/${j}${problem.pointer}`, problem: problem.problem };
    }
    const basis = basisProblem(c);
    if (basis) return { pointer: `/cases/${i}${basis.pointer}`, problem: basis.problem };
    const marks = sessionProblem(suite, c);
    if (marks) return { pointer: `/cases/${i}${marks.pointer}`, problem: marks.problem };
  }
  return undefined;
}

function stepProblem(suite: Suite, contract: ProfileContract | undefined, step: Step): Problem | undefined {
  const expect = step.expect;
  const outside = expect?.preferStatus?.findIndex((p) => !allowsStatus(expect.status, p)) ?? -1;
  if (expect?.preferStatus && outside >= 0) {
    return {
      pointer: `/expect/preferStatus/${outside}`,
      problem: `${expect.preferStatus[outside]} is not a status \`status\` allows (${expect.status?.join(', ')}): the preferred status lies within the accepted ones`,
    };
  }
  if (!contract) return undefined;
  if (step.operation !== undefined && !contract.operations.has(step.operation)) {
    const known = [...contract.operations.keys()].join(', ');
    return {
      pointer: '/operation',
      problem: `${suite.profile} has no operation ${step.operation}; it has ${known}`,
    };
  }
  for (const [status, schemaFile] of Object.entries(expect?.schemas ?? {})) {
    if (!contract.schemas.has(schemaFile)) {
      return {
        pointer: `/expect/schemas/${status}`,
        problem: `schemas/${suite.profile}/ has no ${schemaFile}`,
      };
    }
    // Compiled here, once, so a schema that does not compile stops the run before it starts.
    contract.schemas.get(schemaFile);
  }
  if (step.operation === undefined && (!step.request?.method || !step.request.path)) {
    return { pointer: '', problem: 'a step without an operation needs request.method and request.path' };
  }
  const r = step.request;
  const method = (r?.method ?? contract.operations.get(step.operation ?? '')?.method ?? '').toUpperCase();
  if (
    (method === 'GET' || method === 'HEAD') &&
    (r?.json !== undefined || r?.form !== undefined || r?.body !== undefined)
  ) {
    // No HTTP client sends one (fetch refuses), so the step could only ever report a transport
    // failure of the target: the suite is wrong, not the server.
    return { pointer: '/request', problem: `a ${method} request cannot carry a body` };
  }
  return undefined;
}
