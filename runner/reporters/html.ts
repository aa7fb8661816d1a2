import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import escapeHtml from 'escape-html';
import { baselineCounts, staleText, standingText } from '../baseline/describe.js';
import type { CaseResult, Clause, Failure, ProfileSummary, RunReport } from '../model.js';
import { formatDuration, formatValue, plural, printable } from './console.js';
import type { Reporter } from './reporter.js';

/**
 * Escapes for element content and quoted attributes alike. Every string in the report may quote a
 * response body from the target, so nothing is interpolated unescaped.
 */
function escapeText(text: string): string {
  return escapeHtml(printable(text));
}

/** Tagged template that escapes every interpolated value; `Raw` marks already-rendered markup. */
class Raw {
  constructor(readonly html: string) {}
}
type Part = string | number | Raw | readonly Raw[];

function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (value instanceof Raw) out += value.html;
    else if (Array.isArray(value)) out += value.map((r: Raw) => r.html).join('');
    else out += escapeText(String(value));
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}

const NOTHING = new Raw('');

const STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781;
  --line: #d0d7de; --soft: rgba(127, 127, 127, 0.08); }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
  padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); padding: 0.5rem; margin: 0.3rem 0; white-space: pre-wrap; word-break: break-all; }
.passed .status, .ok { color: var(--pass); }
.failed .status, .fail, .must { color: var(--fail); }
.skipped .status, .skipped-reason { color: var(--skip); }
.should { color: var(--warn); }
.status { font-weight: 600; white-space: nowrap; }
tr.findings > td { background: var(--soft); padding-left: 2rem; }
details { margin: 0.4rem 0; }
summary { cursor: pointer; font-weight: 600; }
.message { white-space: pre-wrap; margin: 0.3rem 0; }
.cmp td { border: none; padding: 0 0.6rem 0 0; width: 50%; }
.cmp th { background: none; border: none; padding: 0; }
ul.clauses { margin: 0; padding: 0; list-style: none; }
.kind { font-size: 0.85em; font-weight: 600; padding: 0 0.3em; border: 1px solid var(--line); border-radius: 3px; }
.kind.observed, .kind.assumed { color: var(--warn); }
`;

const STATUS_LABEL = { passed: '✓ passed', failed: '✗ failed', skipped: '– skipped' } as const;

function header(report: RunReport): Raw {
  const exitClass = report.exitCode === 0 ? 'ok' : 'fail';
  return html`<header>
<h1>tokenrig report</h1>
<dl class="meta">
<dt>Target</dt><dd><code>${report.target}</code>${report.embeddedMock ? ' (tokenrig’s embedded mock)' : ''}</dd>
<dt>Started</dt><dd><time datetime="${report.startedAt}">${report.startedAt}</time></dd>
<dt>Duration</dt><dd>${formatDuration(report.durationMs)}</dd>
<dt>Seed</dt><dd><code>${report.seed}</code></dd>
<dt>Strict</dt><dd>${report.strict ? 'yes: should findings fail their case' : 'no: should findings are warnings'}</dd>
<dt>Exit</dt><dd class="${exitClass}"><strong>exit ${report.exitCode}</strong>: ${report.exitReason}</dd>
<dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
${report.baseline ? html`<dt>Baseline</dt><dd>${baselineCounts(report.baseline)}${report.baseline.stale.map((e) => html`<br><span class="should">${staleText(e)}</span>`)}</dd>` : NOTHING}
</dl>
</header>`;
}

function summaryRow(s: ProfileSummary): Raw {
  const ok = s.score.passed === s.score.applicable ? 'ok' : 'fail';
  return html`<tr><td><a href="#profile-${s.profile}">${s.profile}</a></td>
<td class="num ${ok}">${s.errored ? `errored: ${s.errored}` : `${s.score.passed}/${s.score.applicable}`}</td><td class="num">${s.total}</td>
<td class="num">${s.passed}</td><td class="num">${s.failed}</td><td class="num">${s.skipped}</td>
<td class="num">${s.warnings}</td></tr>`;
}

function summary(report: RunReport): Raw {
  return html`<section>
<h2>Summary</h2>
<table>
<thead><tr><th>Profile</th><th>Score (must cases passed / applicable)</th><th>Cases</th><th>Passed</th>
<th>Failed</th><th>Skipped</th><th>${report.strict ? 'Should failures' : 'Warnings'}</th></tr></thead>
<tbody>
${report.profiles.map(summaryRow)}
</tbody>
</table>
</section>`;
}

function finding(f: Failure, open: boolean): Raw {
  const hasCmp = f.expected !== undefined || f.actual !== undefined;
  const show = (value: unknown): string => (value === undefined ? '—' : formatValue(value, 2));
  const cmp = hasCmp
    ? html`<table class="cmp"><tr><th>Expected</th><th>Actual</th></tr>
<tr><td><pre>${show(f.expected)}</pre></td><td><pre>${show(f.actual)}</pre></td></tr></table>`
    : NOTHING;
  const where = [
    f.path === undefined ? NOTHING : html`path <code>${f.path}</code> `,
    f.schemaPath === undefined ? NOTHING : html`schema <code>${f.schemaPath}</code> `,
    f.step === undefined ? NOTHING : html`step <code>${f.step}</code>`,
  ];
  const located = f.path !== undefined || f.schemaPath !== undefined || f.step !== undefined;
  return html`<details class="finding"${open ? new Raw(' open') : NOTHING}>
<summary><span class="${f.severity}">${f.severity}</span> ${f.title} <code>${f.check}</code></summary>
<p class="message">${f.message}</p>
${f.baseline ? html`<p class="${f.baseline.standing === 'known' ? 'skipped-reason' : 'fail'}">${standingText(f.baseline)}</p>` : NOTHING}
${cmp}${located ? html`<p>${where}</p>` : NOTHING}
${f.curl === undefined ? NOTHING : html`<pre class="curl">${f.curl}</pre>`}
</details>`;
}

/** Each clause with its kind as a label, so documented facts and assumptions read apart. */
function clauseList(clauses: readonly Clause[]): Raw {
  if (clauses.length === 0) return NOTHING;
  return html`<ul class="clauses">${clauses.map(
    (c) => html`<li><span class="kind ${c.kind}">${c.kind}</span> ${c.source}</li>`,
  )}</ul>`;
}

function caseRows(c: CaseResult): Raw {
  const warnings = c.failures.filter((f) => f.severity === 'should').length;
  const note =
    c.status === 'passed' && warnings > 0
      ? html` <span class="should">(${plural(warnings, 'warning')})</span>`
      : NOTHING;
  const row = html`<tr class="${c.status}" id="case-${c.id}">
<td class="status">${STATUS_LABEL[c.status]}${c.baseline === 'known' ? ' (known)' : ''}</td><td><code>${c.id}</code></td><td>${c.title}${note}</td>
<td class="${c.severity}">${c.severity}</td><td>${clauseList(c.clauses)}</td>
<td class="num">${formatDuration(c.durationMs)}</td></tr>`;
  const [reasonClass, reasonLabel] =
    c.status === 'skipped' ? ['skipped-reason', 'Skipped'] : ['fail', 'Failed'];
  const reason =
    c.reason === undefined ? NOTHING : html`<p class="${reasonClass}">${reasonLabel}: ${c.reason}</p>`;
  // Failures of a failed case are what the reader came for, so they start open; warnings start closed.
  const findings = c.failures.map((f) => finding(f, c.status === 'failed'));
  if (c.reason === undefined && findings.length === 0) return row;
  return html`${row}
<tr class="findings"><td colspan="6">${reason}${findings}</td></tr>`;
}

function profileSection(profile: string, cases: readonly CaseResult[]): Raw {
  return html`<section id="profile-${profile}">
<h2>${profile}</h2>
<table>
<thead><tr><th>Status</th><th>Case</th><th>Title</th><th>Severity</th><th>Clauses</th><th>Duration</th></tr></thead>
<tbody>
${cases.map(caseRows)}
</tbody>
</table>
</section>`;
}

export function renderHtml(report: RunReport): string {
  const profiles = [
    ...new Set([...report.profiles.map((s) => s.profile), ...report.cases.map((c) => c.profile)]),
  ];
  const sections = profiles.map((p) =>
    profileSection(
      p,
      report.cases.filter((c) => c.profile === p),
    ),
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tokenrig report: ${report.target}</title>
<style>${new Raw(STYLE)}</style>
</head>
<body>
${header(report)}
<main>
${summary(report)}
${sections}
</main>
</body>
</html>
`.html;
}

/** Writes `<outDir>/report.html`: one self-contained page (inline CSS, no scripts) to attach or mail. */
export const htmlReporter: Reporter = {
  name: 'html',
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.html');
    await writeFile(path, renderHtml(report), 'utf8');
    return [path];
  },
};
