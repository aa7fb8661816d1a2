// Case results for the baseline's unit tests: what the runner reports, reduced to what a baseline
// reads (id, status, findings).
import type { CaseResult, Failure, Severity } from '../model.js';

let made = 0;

/** A finding whose message differs every time, as real messages quote tokens and ids. */
export const finding = (check: string, title: string, severity: Severity = 'must'): Failure => ({
  check,
  title,
  message: `Received: token-${++made}`,
  severity,
});

export function caseOf(id: string, failures: readonly Failure[], strict = false): CaseResult {
  const fails = failures.some((f) => f.severity === 'must' || strict);
  return {
    profile: 'flolive',
    id,
    title: id,
    severity: 'must',
    clauses: [],
    tags: [],
    status: fails ? 'failed' : 'passed',
    failures,
    steps: [],
    durationMs: 1,
  };
}

export const skippedCase = (id: string): CaseResult => ({
  ...caseOf(id, []),
  status: 'skipped',
  reason: 'needs a tokenrig mock',
});
