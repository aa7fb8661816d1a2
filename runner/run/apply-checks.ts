import { type Exchange, severityFor } from '../checks/check.js';
import type { CheckUse } from '../checks/index.js';
import type { Failure } from '../model.js';
import type { Step } from '../suite/types.js';

/**
 * The contract checks on one exchange, each at the severity it is used at (lowered for findings that
 * rest on less than the documentation). A check that declares it judges schemas is left out where the
 * step says `expect.schema: false`. A check that throws is a failure of the case, never a pass and
 * never a crashed run.
 */
export function applyChecks(
  checks: readonly CheckUse[],
  step: Step,
  exchange: Exchange,
  secrets: Iterable<string>,
): Omit<Failure, 'step' | 'curl'>[] {
  const { request } = exchange;
  const sentSecrets = [...secrets].filter(
    (s) => request.body?.includes(s) || Object.values(request.headers).some((h) => h.includes(s)),
  );
  const out: Omit<Failure, 'step' | 'curl'>[] = [];
  for (const { check, severity } of checks) {
    if (check.judgesSchema && step.expect?.schema === false) continue;
    try {
      for (const { basis, ...finding } of check.run(exchange, { sentSecrets }))
        out.push({ ...finding, check: check.name, severity: severityFor(severity, basis) });
    } catch (error) {
      out.push({ check: check.name, title: 'Check crashed', message: messageOf(error), severity: 'must' });
    }
  }
  return out;
}

/** An error's message; a thrown non-Error is shown as it is. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
