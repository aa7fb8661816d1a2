import { curlVariables } from '../curl.js';
import type { CaseResult, CurlVariable, Failure, RunReport } from '../model.js';

/** `1 warning`, `2 warnings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A JSON pointer as a reader sees it: the empty pointer is the whole body, which an empty `at` would
 * hide (RFC 6901 §5: "" is the whole document, "/" a member named "").
 */
export function pointerLabel(path: string): string {
  return path === '' ? '(whole body)' : path;
}

/** Every finding under a root, depth first (the root itself excluded). */
export function consequentsOf(f: Failure): Failure[] {
  return (f.consequents ?? []).flatMap((c) => [c, ...consequentsOf(c)]);
}

/**
 * `and 3 consequent findings: Unexpected HTTP status; Body /token …; +1 more`, or nothing: what a
 * folded root says about what it explains, in one line.
 */
export function consequentLine(f: Failure, shown = 3): string | undefined {
  const all = consequentsOf(f);
  if (all.length === 0) return undefined;
  const titles = [...new Set(all.map((c) => c.title))];
  const listed = titles.slice(0, shown).join('; ');
  const more = titles.length > shown ? `; +${titles.length - shown} more` : '';
  return `and ${plural(all.length, 'consequent finding')}: ${listed}${more}`;
}

/** `must`, or `must (should itself; raised by a consequent)` where a consequent raised the root. */
export function severityText(f: Failure): string {
  return f.ownSeverity && f.ownSeverity !== f.severity
    ? `${f.severity} (${f.ownSeverity} itself; raised by a consequent)`
    : f.severity;
}

/** The shell variables the curl lines of these cases read (roots and consequents), with how to obtain each. */
export function casesCurlVariables(cases: readonly CaseResult[]): CurlVariable[] {
  return curlVariables(
    cases.flatMap((c) =>
      c.failures.flatMap((f) => [f, ...consequentsOf(f)]).flatMap((f) => (f.curl ? [f.curl] : [])),
    ),
  );
}

/** The shell variables the report's curl lines read, with how to obtain each (once per run). */
export function reportCurlVariables(report: RunReport): readonly CurlVariable[] {
  return report.curlVariables ?? casesCurlVariables(report.cases);
}

/** The report with its curl variables filled in, where a line needs one: what report.json carries. */
export function withCurlVariables(report: RunReport): RunReport {
  const variables = reportCurlVariables(report);
  return variables.length === 0 ? report : { ...report, curlVariables: variables };
}
