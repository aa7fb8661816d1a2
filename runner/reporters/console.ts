import { baselineCounts, staleText, standingText } from '../baseline/describe.js';
import { sentFuzz } from '../fuzz/cases.js';
import type { CaseResult, CaseStatus, Clause, Failure, ProfileSummary, RunReport } from '../model.js';
import { type Palette, palette } from './color.js';
import type { Reporter, StartInfo, WrittenReport } from './reporter.js';
import { consequentLine, plural, pointerLabel, reportCurlVariables, severityText } from './view.js';

export { plural } from './view.js';

/**
 * `expected`/`actual` as JSON, so a string `"500"` and a number `500` read differently; `indent` for
 * reporters with room for a block.
 */
export function formatValue(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent) ?? String(value);
  } catch {
    // BigInt and cycles cannot be JSON; a reporter must still render rather than crash the run.
    return String(value);
  }
}

/**
 * Messages quote response bodies from the target; an escape sequence in one must not drive the
 * reader's terminal, so C0/C1 controls other than tab and newline become visible `\u001b`-style escapes.
 */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `documented: VMware … "Refresh Access Token"; standard: RFC 9110 §15.6` — the kind first, so a reader
 * sees at once whether a finding rests on the vendor's word or on tokenrig's assumption.
 */
export function formatClauses(clauses: readonly Clause[]): string {
  return clauses.map((c) => `${c.kind}: ${c.source}`).join('; ');
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

// Without colour the output usually lands in a CI log or a file, where words survive any encoding
// and grep better than symbols.
const MARKS: Record<CaseStatus, { readonly color: string; readonly plain: string }> = {
  passed: { color: '✓', plain: 'PASS' },
  failed: { color: '✗', plain: 'FAIL' },
  skipped: { color: '-', plain: 'SKIP' },
};

function statusMark(status: CaseStatus, color: boolean, p: Palette): string {
  const mark = MARKS[status][color ? 'color' : 'plain'];
  if (status === 'passed') return p.green(mark);
  if (status === 'failed') return p.red(mark);
  return p.dim(mark);
}

const shouldCount = (result: CaseResult): number =>
  result.failures.filter((f) => f.severity === 'should').length;

function caseLine(result: CaseResult, color: boolean, p: Palette): string {
  const head = `  ${statusMark(result.status, color, p)} ${printable(result.id)}`;
  if (result.status === 'skipped') return `${head}  ${p.dim(`skipped: ${printable(result.reason ?? '')}`)}`;
  const warnings = shouldCount(result);
  const tail = warnings > 0 ? ` ${p.yellow(`(${plural(warnings, 'warning')})`)}` : '';
  const known = result.baseline === 'known' ? ` ${p.dim('(known failure)')}` : '';
  return `${head}  ${p.dim(formatDuration(result.durationMs))}${tail}${known}`;
}

interface Occurrence {
  readonly caseId: string;
  readonly clauses: readonly Clause[];
  readonly failure: Failure;
}

/**
 * A failed case with no finding (its bootstrap failed) still belongs in the list, under a title of
 * its own, or the run would exit 1 with nothing to show for it.
 */
const NO_FINDING_TITLE = 'Case could not complete';

/** Root findings grouped by title (consequents travel with their root), `must` groups first. */
function groupByTitle(cases: readonly CaseResult[]): Map<string, Occurrence[]> {
  const groups = new Map<string, Occurrence[]>();
  const add = (c: CaseResult, failure: Failure): void => {
    const occurrence = { caseId: c.id, clauses: c.clauses, failure };
    const group = groups.get(failure.title);
    if (group) group.push(occurrence);
    else groups.set(failure.title, [occurrence]);
  };
  for (const c of cases) {
    for (const failure of c.failures) add(c, failure);
    if (c.status === 'failed' && c.failures.length === 0) {
      add(c, {
        check: 'harness',
        title: NO_FINDING_TITLE,
        message: c.reason ?? 'the case failed without a finding or a reason',
        severity: c.severity,
      });
    }
  }
  // `must` groups first: they decide the exit code, warnings are for later.
  const hasMust = (list: readonly Occurrence[]): boolean => list.some((o) => o.failure.severity === 'must');
  return new Map([...groups].sort(([, a], [, b]) => Number(hasMust(b)) - Number(hasMust(a))));
}

/** Continuation lines of a multi-line message stay under the first. */
const indent = (text: string, pad: string): string => printable(text).replaceAll('\n', `\n${pad}`);

function occurrenceLines(o: Occurrence, p: Palette): string[] {
  const f = o.failure;
  const severity = (f.severity === 'must' ? p.red : p.yellow)(severityText(f));
  const lines = [
    `  ${p.bold(printable(o.caseId))}  ${severity}${f.step ? p.dim(`  step ${printable(f.step)}`) : ''}`,
    `    ${indent(f.message, '    ')}`,
  ];
  const where = [
    f.path === undefined ? '' : `at ${printable(pointerLabel(f.path))}`,
    f.schemaPath === undefined ? '' : `schema ${printable(f.schemaPath)}`,
  ].filter(Boolean);
  if (where.length > 0) lines.push(`    ${where.join('  ')}`);
  const folded = consequentLine(f);
  if (folded) lines.push(`    ${p.dim(printable(folded))}`);
  if (o.clauses.length > 0) lines.push(`    ${p.dim(`per ${indent(formatClauses(o.clauses), '    ')}`)}`);
  if (f.curl) lines.push(`    ${p.dim(indent(f.curl, '    '))}`);
  if (f.baseline)
    lines.push(
      `    ${(f.baseline.standing === 'known' ? p.dim : p.red)(printable(standingText(f.baseline)))}`,
    );
  return lines;
}

/** `2/3 must cases passed`, and `1 skipped`, `1 warning` where there are any. */
export function scoreParts(
  s: ProfileSummary,
  strict: boolean,
): { score: string; skipped?: string; warnings?: string } {
  return {
    // An errored profile's cases did not run: a score of 0 would read as 15 conformance failures.
    score: s.errored
      ? `errored, none of its ${plural(s.total, 'case')} ran: ${s.errored}`
      : `${s.score.passed}/${s.score.applicable} must cases passed`,
    // An errored profile's cases are all skipped: said once, by its score.
    ...(s.skipped > 0 && !s.errored ? { skipped: `${s.skipped} skipped` } : {}),
    ...(s.warnings > 0 ? { warnings: plural(s.warnings, strict ? 'should failure' : 'warning') } : {}),
  };
}

function scoreLine(s: ProfileSummary, width: number, strict: boolean, p: Palette): string {
  const { score, skipped, warnings } = scoreParts(s, strict);
  const ok = s.score.passed === s.score.applicable;
  const parts = [ok ? p.green(score) : p.red(score), skipped, warnings && p.yellow(warnings)];
  return `  ${p.bold(s.profile.padEnd(width))}  ${parts.filter(Boolean).join(', ')}`;
}

/** `112 cases and 200 generated cases (2000 negative requests)`: requests and cases never confused. */
export function startLine(info: StartInfo): string {
  const generated = info.generated && info.generated.cases > 0 ? info.generated : undefined;
  const own = plural(info.cases, 'case');
  const fuzz = generated
    ? `${plural(generated.cases, 'generated case')} (${plural(generated.requests, 'negative request')})`
    : '';
  const what = generated ? (info.cases > 0 ? `${own} and ${fuzz}` : fuzz) : own;
  const namespace = info.namespace === undefined ? '' : ` in namespace ${printable(info.namespace)}`;
  return `tokenrig: ${what} of ${info.profiles.join(', ')} against ${printable(info.target)}${namespace}`;
}

/** The closing lines: where each report went, one line per file, and the curl variables, once. */
function closingLines(report: RunReport, written: readonly WrittenReport[], p: Palette): string[] {
  const lines: string[] = [];
  if (written.length > 0) {
    const width = Math.max(...written.map((w) => w.reporter.length));
    lines.push(
      p.bold('Reports'),
      ...written.map((w) => `  ${w.reporter.padEnd(width)}  ${printable(w.path)}`),
      '',
    );
  }
  const variables = reportCurlVariables(report);
  if (variables.length > 0) {
    lines.push(
      p.bold('Curl variables'),
      '  The curl lines read redacted secrets from these; export each before replaying a line:',
    );
    for (const v of variables) lines.push(`  ${v.name}  ${v.kind}: ${printable(v.obtain)}`);
    lines.push('');
  }
  return lines;
}

/** Human output on stdout: a line per case as it ends, then failures grouped by title and the scores. */
export const consoleReporter: Reporter = {
  name: 'console',
  last: true,
  onStart(info, ctx) {
    ctx.write(`${startLine(info)}\n`);
  },
  onCaseEnd(result, ctx) {
    ctx.write(`${caseLine(result, ctx.color, palette(ctx.color))}\n`);
  },
  onProfileErrored(errored, ctx) {
    const p = palette(ctx.color);
    const mark = p.red(ctx.color ? '!' : 'ERROR');
    const what = `none of its ${plural(errored.cases, 'case')} ran: ${printable(errored.reason)}`;
    ctx.write(`  ${mark} ${printable(errored.profile)}  ${p.red(what)}\n`);
  },
  async finish(report: RunReport, ctx) {
    const p = palette(ctx.color);
    const lines: string[] = [''];
    const groups = groupByTitle(report.cases);
    if (groups.size > 0) {
      lines.push(p.bold('Findings'), '');
      for (const [title, occurrences] of groups) {
        const must = occurrences.some((o) => o.failure.severity === 'must');
        lines.push(`${(must ? p.red : p.yellow)(p.bold(printable(title)))}`);
        for (const o of occurrences) lines.push(...occurrenceLines(o, p));
        lines.push('');
      }
    }
    if (report.interrupted) {
      const { signal, finished, planned } = report.interrupted;
      lines.push(
        p.yellow(p.bold(`Interrupted by ${signal}: ${finished} of ${plural(planned, 'case')} finished`)),
        '  The reports hold what finished; the other cases did not run.',
        '',
      );
    }
    lines.push(p.bold('Scores'));
    const width = Math.max(0, ...report.profiles.map((s) => s.profile.length));
    for (const s of report.profiles) lines.push(scoreLine(s, width, report.strict, p));
    const fuzz = sentFuzz(report.cases);
    if (fuzz.cases > 0) {
      const sent = `${plural(fuzz.requests, 'generated negative request')} sent in ${plural(fuzz.cases, 'case')}`;
      lines.push(`  ${p.dim(`${sent}, ${fuzz.failed} failed`)}`);
    }
    lines.push('');
    if (report.baseline) {
      const stale = report.baseline.stale.map((e) => `  ${p.yellow(printable(staleText(e)))}`);
      lines.push(p.bold(printable(baselineCounts(report.baseline))), ...stale, '');
    }
    lines.push(...closingLines(report, ctx.written ?? [], p));
    const exit = `exit ${report.exitCode}: ${printable(report.exitReason)}`;
    lines.push(report.exitCode === 0 ? p.green(exit) : p.red(p.bold(exit)));
    ctx.write(`${lines.join('\n')}\n`);
    return [];
  },
};
