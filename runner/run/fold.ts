import type { CaseResult, Failure, Severity } from '../model.js';
import { type Aspect, aspectOf, CAUSE_ORDER, CONSEQUENCES } from './causality.js';

const rank = (s: Severity): number => (s === 'must' ? 1 : 0);

/** The highest severity of a finding and everything folded under it. */
function groupSeverity(failure: Failure): Severity {
  const all = [failure.severity, ...(failure.consequents ?? []).map(groupSeverity)];
  return all.reduce((a, b) => (rank(b) > rank(a) ? b : a));
}

/** A root with its consequents, carrying the group's severity (and its own, where that is lower). */
function rootOf(root: Failure, consequents: readonly Failure[]): Failure {
  if (consequents.length === 0) return root;
  const { ownSeverity, ...rest } = root;
  const own = ownSeverity ?? root.severity;
  const all = [...(root.consequents ?? []), ...consequents];
  const severity = groupSeverity({ ...rest, severity: own, consequents: all });
  return { ...rest, severity, consequents: all, ...(severity === own ? {} : { ownSeverity: own }) };
}

interface Item {
  readonly failure: Failure;
  readonly aspect: Aspect;
  /** What this finding explains, when it is a root. */
  readonly consequents: Failure[];
  /** Folded under another finding. */
  taken: boolean;
}

/** Folds the findings of one response: each cause, most fundamental first, takes what it makes moot. */
function foldResponse(findings: readonly Failure[]): Failure[] {
  const items = findings.map(
    (failure): Item => ({ failure, aspect: aspectOf(failure), consequents: [], taken: false }),
  );
  for (const cause of CAUSE_ORDER) {
    const root = items.find((x) => x.aspect === cause && !x.taken && x.consequents.length === 0);
    if (!root) continue;
    const moot = CONSEQUENCES[cause];
    for (const x of items) {
      if (x === root || x.taken || x.consequents.length > 0 || !moot.includes(x.aspect)) continue;
      x.taken = true;
      root.consequents.push(x.failure);
    }
  }
  return items.flatMap((x) => (x.taken ? [] : [rootOf(x.failure, x.consequents)]));
}

/**
 * A case's findings with those caused by another finding on the same response (the same step) folded
 * under their root cause. Nothing is dropped: a consequent stays whole in its root's `consequents`.
 * The case's status is not touched; it was decided on every finding, and the root carries the group's
 * highest severity.
 *
 * @example
 * // a forced 500: server error, unexpected status, two body assertions → one root, three consequents
 * foldFailures(failures).length // 1
 */
export function foldFailures(failures: readonly Failure[]): Failure[] {
  const byStep = new Map<string | Failure, Failure[]>();
  for (const f of failures) {
    // A finding outside any step is a response of its own.
    const key = f.step ?? f;
    const group = byStep.get(key);
    if (group) group.push(f);
    else byStep.set(key, [f]);
  }
  return [...byStep.values()].flatMap(foldResponse);
}

/** The case with its findings folded (a case without findings is returned as it is). */
export function foldCase(result: CaseResult): CaseResult {
  return result.failures.length < 2 ? result : { ...result, failures: foldFailures(result.failures) };
}

/** Every finding of a list, roots and their consequents, depth first: what folding keeps. */
export function allFindings(failures: readonly Failure[]): Failure[] {
  return failures.flatMap((f) => [f, ...allFindings(f.consequents ?? [])]);
}
