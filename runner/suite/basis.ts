import { BINDING_KINDS } from '../model.js';
import { isClockStep, type SuiteCase } from './types.js';

/** Where a case breaks the rule of its clauses, and how: the loader turns it into a SuiteError. */
export interface BasisProblem {
  /** JSON pointer relative to the case. */
  readonly pointer: string;
  readonly problem: string;
}

/**
 * A `must` rests on a documented, reconstructed or standard fact; an observed or assumed one carries a
 * `should` at most. So a `must` case, and a `should` case with a `must` expectation inside, needs a
 * clause of a binding kind. The first place that demands a `must` is the one named.
 */
export function basisProblem(c: SuiteCase): BasisProblem | undefined {
  if (c.clauses?.some((clause) => BINDING_KINDS.includes(clause.kind))) return undefined;
  const pointer = firstMust(c);
  if (pointer === undefined) return undefined;
  const kinds = [...new Set((c.clauses ?? []).map((clause) => clause.kind))];
  const cites = kinds.length === 0 ? 'cites no clause' : `cites only ${kinds.join(', ')} facts`;
  const what =
    pointer === ''
      ? 'a case (must by default)'
      : pointer === '/severity'
        ? 'a must case'
        : 'a must expectation';
  return {
    pointer,
    problem: `${what} needs a clause of kind ${BINDING_KINDS.join(', ')}; case ${c.id} ${cites}, which carry a should at most`,
  };
}

/** The pointer of the case's first `must`: the case itself (its severity, `must` by default), or inside. */
function firstMust(c: SuiteCase): string | undefined {
  if ((c.severity ?? 'must') === 'must') return c.severity === undefined ? '' : '/severity';
  for (const [i, step] of c.steps.entries()) {
    const expect = isClockStep(step) ? undefined : step.expect;
    if (!expect) continue;
    const at = `/steps/${i}/expect`;
    if (expect.severity === 'must') return `${at}/severity`;
    if (expect.statusSeverity === 'must') return `${at}/statusSeverity`;
    const body = expect.body?.findIndex((a) => a.severity === 'must') ?? -1;
    if (body >= 0) return `${at}/body/${body}/severity`;
    const header = expect.headers?.findIndex((h) => h.severity === 'must') ?? -1;
    if (header >= 0) return `${at}/headers/${header}/severity`;
  }
  return undefined;
}
