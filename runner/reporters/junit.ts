import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineCounts, entryText, staleText, standingText } from '../baseline/describe.js';
import type { BaselineSummary, CaseResult, CurlVariable, Failure, RunReport } from '../model.js';
import { formatClauses, formatValue } from './console.js';
import type { Reporter } from './reporter.js';
import { casesCurlVariables, consequentsOf, plural, pointerLabel, severityText } from './view.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) would
 * make the file unparseable, so they become a visible `\u0001`-style escape instead.
 */
function xmlChars(text: string): string {
  return text.replace(
    /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Escapes element content; newlines stay newlines so the failure text reads as written. */
export function escapeXmlText(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Escapes an attribute value; whitespace becomes references, which attribute-value normalisation keeps. */
export function escapeXmlAttr(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function failureText(f: Failure, consequent = false): string {
  const lines = [`[${severityText(f)}] ${f.title} (${f.check})`, f.message];
  if (f.expected !== undefined) lines.push(`expected: ${formatValue(f.expected)}`);
  if (f.actual !== undefined) lines.push(`actual: ${formatValue(f.actual)}`);
  if (f.path !== undefined) lines.push(`path: ${pointerLabel(f.path)}`);
  if (f.schemaPath !== undefined) lines.push(`schemaPath: ${f.schemaPath}`);
  if (f.step !== undefined && !consequent) lines.push(`step: ${f.step}`);
  // A consequent answered the same request as its root: the root's curl line is the one to run.
  if (f.curl !== undefined && !consequent) lines.push(`curl: ${f.curl}`);
  if (f.baseline !== undefined) lines.push(`baseline: ${standingText(f.baseline)}`);
  const folded = f.consequents ?? [];
  if (folded.length > 0) {
    lines.push(`and ${plural(consequentsOf(f).length, 'consequent finding')} on the same response:`);
    for (const c of folded)
      lines.push(
        ...failureText(c, true)
          .split('\n')
          .map((l) => `  ${l}`),
      );
  }
  return lines.join('\n');
}

/** The shell variables the curl lines read and how to obtain each: testsuite properties, once per suite. */
function properties(variables: readonly CurlVariable[]): string[] {
  if (variables.length === 0) return [];
  return [
    '    <properties>',
    ...variables.map(
      (v) =>
        `      <property name="${escapeXmlAttr(`curl variable ${v.name}`)}" value="${escapeXmlAttr(`${v.kind}: ${v.obtain}`)}"/>`,
    ),
    '    </properties>',
  ];
}

/** The finding that names the failure: the first `must`, else (under --strict) the first of any. */
function headline(result: CaseResult): { message: string; type: string } {
  const first = result.failures.find((f) => f.severity === 'must') ?? result.failures[0];
  if (first) {
    const n = consequentsOf(first).length;
    const folded = n > 0 ? ` (and ${plural(n, 'consequent finding')})` : '';
    return { message: `${first.title}: ${first.message}${folded}`, type: first.check };
  }
  return { message: result.reason ?? 'failed without a finding', type: 'harness' };
}

function testcase(result: CaseResult, errored?: string): string {
  const open = `    <testcase classname="${escapeXmlAttr(result.profile)}" name="${escapeXmlAttr(`${result.id}: ${result.title}`)}" time="${seconds(result.durationMs)}"`;
  if (errored !== undefined) {
    // Its profile's login failed: the case did not run, which JUnit calls an error, not a failure.
    return `${open}>\n      <error message="${escapeXmlAttr(errored)}" type="bootstrap"/>\n    </testcase>`;
  }
  if (result.status === 'skipped') {
    return `${open}>\n      <skipped message="${escapeXmlAttr(result.reason ?? '')}"/>\n    </testcase>`;
  }
  const texts = result.failures.map((f) => failureText(f));
  // What the case rests on goes with its findings: a reader triages a failure by its kind of fact.
  const clauses = result.clauses.length > 0 ? [`clauses: ${formatClauses(result.clauses)}`] : [];
  // A known failure must not fail the CI's test view, and <skipped message> is what Jenkins, GitLab
  // and the GitHub JUnit actions show beside the case; the findings stay readable in system-out.
  if (result.status === 'failed' && result.baseline === 'known') {
    const reasons = [
      ...new Set(
        [...result.failures, ...result.failures.flatMap(consequentsOf)].flatMap(
          (f) => f.baseline?.reason ?? [],
        ),
      ),
    ];
    const message = `known failure: ${reasons.join('; ') || headline(result).message}`;
    const body = escapeXmlText([...clauses, ...texts].join('\n\n'));
    return `${open}>\n      <skipped message="${escapeXmlAttr(message)}"/>\n      <system-out>${body}</system-out>\n    </testcase>`;
  }
  if (result.status === 'failed') {
    const { message, type } = headline(result);
    if (result.reason !== undefined) texts.unshift(result.reason);
    texts.unshift(...clauses);
    const body = escapeXmlText(texts.join('\n\n'));
    return `${open}>\n      <failure message="${escapeXmlAttr(message)}" type="${escapeXmlAttr(type)}">${body}</failure>\n    </testcase>`;
  }
  if (texts.length > 0) {
    texts.unshift(...clauses);
    return `${open}>\n      <system-out>${escapeXmlText(texts.join('\n\n'))}</system-out>\n    </testcase>`;
  }
  return `${open}/>`;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function counts(cases: readonly CaseResult[], errored: ReadonlySet<string>): Counts {
  const ran = cases.filter((c) => !errored.has(c.profile));
  const known = (c: CaseResult): boolean => c.status === 'failed' && c.baseline === 'known';
  return {
    tests: cases.length,
    failures: ran.filter((c) => c.status === 'failed' && !known(c)).length,
    errors: cases.length - ran.length,
    skipped: ran.filter((c) => c.status === 'skipped' || known(c)).length,
  };
}

/**
 * The baseline as a testsuite of its own: its counts as properties, and a testcase per stale entry
 * (a failure, since it fails the run; skipped when intermittent), so a CI test view shows why a run
 * with no failed case exited 1.
 */
function baselineSuite(b: BaselineSummary, startedAt: string): { xml: string; counts: Counts } {
  const stale = b.stale.map((e) => {
    const name = escapeXmlAttr(`stale: ${entryText(e)}`);
    const message = escapeXmlAttr(`${staleText(e)}; reason was: ${e.reason}`);
    const verdict = e.intermittent
      ? `<skipped message="${message}"/>`
      : `<failure message="${message}" type="baseline"/>`;
    return `    <testcase classname="baseline" name="${name}" time="0.000">\n      ${verdict}\n    </testcase>`;
  });
  const c: Counts = {
    tests: b.stale.length,
    failures: b.stale.filter((e) => !e.intermittent).length,
    errors: 0,
    skipped: b.stale.filter((e) => e.intermittent).length,
  };
  const property = (name: string, value: string | number): string =>
    `      <property name="${escapeXmlAttr(name)}" value="${escapeXmlAttr(String(value))}"/>`;
  const xml = [
    `  <testsuite name="baseline" ${countAttrs(c)} time="0.000" timestamp="${escapeXmlAttr(startedAt)}">`,
    '    <properties>',
    property('baseline.file', b.file),
    ...(['known', 'new', 'expired'] as const).map((k) => property(`baseline.${k}`, b[k])),
    property('baseline.stale', b.stale.length),
    property('baseline.summary', baselineCounts(b)),
    '    </properties>',
    ...stale,
    '  </testsuite>',
  ].join('\n');
  return { xml, counts: c };
}

// `errors` counts the cases of profiles whose login failed; a harness error inside a case that ran is
// reported as a failure of that case. Strict JUnit consumers (the Jenkins XSD) require the attribute.
const countAttrs = (c: Counts): string =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

/** Cases grouped by profile, in summary order, so every case lands in a suite even without a summary. */
function byProfile(report: RunReport): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>(report.profiles.map((s) => [s.profile, []]));
  for (const c of report.cases) {
    const group = groups.get(c.profile);
    if (group) group.push(c);
    else groups.set(c.profile, [c]);
  }
  return groups;
}

export function renderJunit(report: RunReport): string {
  const why = new Map(report.profiles.flatMap((s) => (s.errored ? [[s.profile, s.errored] as const] : [])));
  const errored = new Set(why.keys());
  const suites = [...byProfile(report)].map(([profile, cases]) => {
    const time = seconds(cases.reduce((sum, c) => sum + c.durationMs, 0));
    return [
      `  <testsuite name="${escapeXmlAttr(profile)}" ${countAttrs(counts(cases, errored))} time="${time}" timestamp="${escapeXmlAttr(report.startedAt)}">`,
      ...properties(casesCurlVariables(cases)),
      ...cases.map((c) => testcase(c, why.get(c.profile))),
      '  </testsuite>',
    ].join('\n');
  });
  const total = counts(report.cases, errored);
  const baseline = report.baseline ? baselineSuite(report.baseline, report.startedAt) : undefined;
  if (baseline) {
    total.tests += baseline.counts.tests;
    total.failures += baseline.counts.failures;
    total.skipped += baseline.counts.skipped;
  }
  // A stopped run is an error in a CI test view, not a row of passes and skips.
  const stopped = report.interrupted ? interruptedSuite(report) : undefined;
  if (stopped) {
    total.tests += 1;
    total.errors += 1;
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tokenrig" ${countAttrs(total)} time="${seconds(report.durationMs)}">`,
    ...suites,
    ...(baseline ? [baseline.xml] : []),
    ...(stopped ? [stopped] : []),
    '</testsuites>',
    '',
  ].join('\n');
}

/** `interrupted`: one test in error saying what stopped the run and how much of it finished. */
function interruptedSuite(report: RunReport): string {
  const message = escapeXmlAttr(report.exitReason);
  return [
    `  <testsuite name="interrupted" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${escapeXmlAttr(report.startedAt)}">`,
    `    <testcase name="the run finished" classname="tokenrig" time="0.000">`,
    `      <error message="${message}" type="interrupted"/>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
}

/** Writes `<outDir>/junit.xml` for CI test-report views: a testsuite per profile, a testcase per case. */
export const junitReporter: Reporter = {
  name: 'junit',
  files: ['junit.xml'],
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'junit.xml');
    await writeFile(path, renderJunit(report), 'utf8');
    return [path];
  },
};
