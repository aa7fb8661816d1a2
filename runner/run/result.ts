import type { CaseResult } from '../model.js';
import type { Suite, SuiteCase } from '../suite/types.js';

/** What a case's result says about the case itself, whatever happened when it ran. */
export function caseInfo(suite: Suite, c: SuiteCase) {
  return {
    profile: suite.profile,
    id: c.id,
    title: c.title,
    severity: c.severity ?? ('must' as const),
    clauses: c.clauses ?? [],
    tags: c.tags ?? [],
  };
}

/** A case that did not run, and why: a third outcome, never a pass. */
export function skipped(suite: Suite, c: SuiteCase, reason: string): CaseResult {
  return { ...caseInfo(suite, c), status: 'skipped', reason, failures: [], steps: [], durationMs: 0 };
}
