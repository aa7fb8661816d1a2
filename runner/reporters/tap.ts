import { baselineCounts, staleText, standingText } from '../baseline/describe.js';
import type { BaselineEntry, CaseResult, Failure, RunReport } from '../model.js';
import { formatValue, printable, scoreParts } from './console.js';
import type { Reporter } from './reporter.js';
import { consequentsOf, plural, reportCurlVariables } from './view.js';

/** Test points and comments are one line each; a newline in a message would end them early. */
const oneLine = (text: string): string => printable(text).replace(/[\r\n\t]+/g, ' ');

/** In a description or directive `#` would start a directive, so it and `\\` are escaped (TAP 14). */
const escapeDescription = (text: string): string => oneLine(text).replace(/[\\#]/g, (c) => `\\${c}`);

// A JSON string is a YAML 1.2 double-quoted scalar and JSON values are YAML flow nodes, so JSON
// quoting gives a valid diagnostic block whatever the target put into a message.
const scalar = (value: string): string => JSON.stringify(value);

/** A finding as a YAML list item at `pad`; its consequents nested under it, as report.json has them. */
function failureYaml(f: Failure, pad = '    '): string[] {
  const lines = [
    `${pad}- check: ${scalar(f.check)}`,
    `${pad}  title: ${scalar(f.title)}`,
    `${pad}  severity: ${f.severity}`,
    `${pad}  message: ${scalar(f.message)}`,
  ];
  const more = `${pad}  `;
  if (f.ownSeverity !== undefined) lines.push(`${more}ownSeverity: ${f.ownSeverity}`);
  if (f.expected !== undefined) lines.push(`${more}expected: ${formatValue(f.expected)}`);
  if (f.actual !== undefined) lines.push(`${more}actual: ${formatValue(f.actual)}`);
  if (f.path !== undefined) lines.push(`${more}path: ${scalar(f.path)}`);
  if (f.schemaPath !== undefined) lines.push(`${more}schemaPath: ${scalar(f.schemaPath)}`);
  if (f.step !== undefined) lines.push(`${more}step: ${scalar(f.step)}`);
  if (f.curl !== undefined) lines.push(`${more}curl: ${scalar(f.curl)}`);
  if (f.baseline !== undefined) lines.push(`${more}baseline: ${scalar(standingText(f.baseline))}`);
  if (f.consequents?.length) {
    lines.push(`${more}consequents:`, ...f.consequents.flatMap((c) => failureYaml(c, `${more}  `)));
  }
  return lines;
}

function diagnostics(c: CaseResult): string[] {
  const lines = [
    '  ---',
    `  profile: ${scalar(c.profile)}`,
    `  severity: ${c.severity}`,
    `  clauses: ${formatValue(c.clauses)}`,
    `  durationMs: ${c.durationMs}`,
  ];
  if (c.reason !== undefined) lines.push(`  reason: ${scalar(c.reason)}`);
  if (c.failures.length > 0) lines.push('  failures:', ...c.failures.flatMap((f) => failureYaml(f)));
  lines.push('  ...');
  return lines;
}

function testPoint(c: CaseResult, n: number, errored: ReadonlyMap<string, string>): string[] {
  const description = escapeDescription(`${c.id} ${c.title}`);
  // A profile the run could not reach is an error, as in JUnit: a skip would let the stream pass.
  const why = errored.get(c.profile);
  if (why !== undefined) return [`not ok ${n} - ${description}`, ...diagnostics({ ...c, reason: why })];
  if (c.status === 'skipped') return [`ok ${n} - ${description} # SKIP ${escapeDescription(c.reason ?? '')}`];
  // TAP's TODO directive is a failure that is expected: consumers do not count it against the run.
  if (c.status === 'failed' && c.baseline === 'known') {
    const reasons = [...new Set(c.failures.flatMap((f) => f.baseline?.reason ?? []))].join('; ');
    return [
      `not ok ${n} - ${description} # TODO ${escapeDescription(`known failure: ${reasons}`)}`,
      ...diagnostics(c),
    ];
  }
  if (c.status === 'failed') return [`not ok ${n} - ${description}`, ...diagnostics(c)];
  const warnings = c.failures.filter((f) => f.severity === 'should');
  return [
    `ok ${n} - ${description}`,
    ...warnings.map((f) => `# warning: ${oneLine(`${f.title}: ${f.message}${folded(f)}`)}`),
  ];
}

/** A stale baseline entry fails the run, so it is a test point; an intermittent one is skipped. */
function stalePoint(e: BaselineEntry, n: number): string {
  const description = escapeDescription(staleText(e));
  return e.intermittent ? `ok ${n} - ${description} # SKIP intermittent` : `not ok ${n} - ${description}`;
}

/** ` (and 2 consequent findings)` for a folded root, else nothing. */
const folded = (f: Failure): string => {
  const n = consequentsOf(f).length;
  return n > 0 ? ` (and ${plural(n, 'consequent finding')})` : '';
};

export function renderTap(report: RunReport): string {
  const stale = report.baseline?.stale ?? [];
  const errored = new Map(
    report.profiles.flatMap((s) => (s.errored ? [[s.profile, s.errored] as const] : [])),
  );
  const lines = [
    'TAP version 14',
    `# ${report.tool.name} ${report.tool.version}: ${oneLine(report.target)}, seed ${report.seed}`,
    `1..${report.cases.length + stale.length}`,
    ...report.cases.flatMap((c, i) => testPoint(c, i + 1, errored)),
    ...stale.map((e, i) => stalePoint(e, report.cases.length + i + 1)),
    ...(report.baseline ? [`# ${oneLine(baselineCounts(report.baseline))}`] : []),
    ...report.profiles.map((s) => {
      const { score, skipped, warnings } = scoreParts(s, report.strict);
      return `# ${s.profile}: ${[score, skipped, warnings].filter(Boolean).join(', ')}`;
    }),
    ...reportCurlVariables(report).map(
      (v) => `# curl variable ${v.name}: ${oneLine(`${v.kind}: ${v.obtain}`)}`,
    ),
    `# exit ${report.exitCode}: ${oneLine(report.exitReason)}`,
    // TAP's own word for a run that stopped early: a consumer fails it, whatever the points above say.
    ...(report.interrupted ? [`Bail out! ${oneLine(report.exitReason)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * TAP 14 on stdout for TAP consumers. Everything is written at the end: progress lines on the same
 * stream would not be TAP.
 */
export const tapReporter: Reporter = {
  name: 'tap',
  async finish(report, ctx) {
    ctx.write(renderTap(report));
    return [];
  },
};
