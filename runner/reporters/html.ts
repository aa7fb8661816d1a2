import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineCounts, staleText } from '../baseline/describe.js';
import type { CaseResult, ProfileSummary, RunReport } from '../model.js';
import { formatDuration, plural } from './console.js';
import { FILTER_SCRIPT, filterBar } from './html-filter.js';
import { caseArticle, caseRow } from './html-finding.js';
import { html, NOTHING, Raw } from './html-markup.js';
import type { Reporter } from './reporter.js';
import { reportCurlVariables } from './view.js';

const STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781;
  --line: #d0d7de; --soft: rgba(127, 127, 127, 0.08); }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
  padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 0 0 0.3rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.filters { position: sticky; top: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.2rem; align-items: center;
  padding: 0.5rem; margin: 1rem 0; background: Canvas; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); padding: 0.5rem; margin: 0.3rem 0; white-space: pre-wrap; word-break: break-all; }
.passed .status, .ok { color: var(--pass); }
.failed .status, .fail { color: var(--fail); }
.skipped .status, .skipped-reason { color: var(--skip); }
/* A case's severity is what it would fail at, not a failure: red only where it did fail. */
.failed .sev.must, .finding .sev.must { color: var(--fail); }
.sev.should, .should { color: var(--warn); }
.status { font-weight: 600; white-space: nowrap; }
article.case { border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 4px;
  padding: 0.6rem 0.8rem; margin: 0.6rem 0; }
article.case.failed { border-left-color: var(--fail); }
.profile { font-size: 0.85em; color: var(--skip); }
details { margin: 0.4rem 0; }
details.consequents { margin-left: 1rem; }
summary { cursor: pointer; font-weight: 600; }
.folded { font-size: 0.85em; color: var(--skip); }
.message { white-space: pre-wrap; margin: 0.3rem 0; }
.cmp td { border: none; padding: 0 0.6rem 0 0; width: 50%; }
.cmp th { background: none; border: none; padding: 0; }
ul.clauses { margin: 0; padding: 0; list-style: none; }
.kind { font-size: 0.85em; font-weight: 600; padding: 0 0.3em; border: 1px solid var(--line); border-radius: 3px; }
.kind.observed, .kind.assumed { color: var(--warn); }
[hidden] { display: none !important; }
`;

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
${report.interrupted ? html`<dt>Interrupted</dt><dd class="fail">by ${report.interrupted.signal}: ${report.interrupted.finished} of ${report.interrupted.planned} cases finished; the others did not run</dd>` : NOTHING}
<dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
${report.baseline ? html`<dt>Baseline</dt><dd>${baselineCounts(report.baseline)}${report.baseline.stale.map((e) => html`<br><span class="should">${staleText(e)}</span>`)}</dd>` : NOTHING}
</dl>
</header>`;
}

function summaryRow(s: ProfileSummary): Raw {
  // An errored profile ran nothing: its 0/0 is no pass.
  const ok = s.score.passed === s.score.applicable && !s.errored ? 'ok' : 'fail';
  return html`<tr><td><a href="#profile-${s.profile}">${s.profile}</a></td>
<td class="num ${ok}">${s.errored ? `errored: ${s.errored}` : `${s.score.passed}/${s.score.applicable}`}</td><td class="num">${s.total}</td>
<td class="num">${s.passed}</td><td class="num">${s.failed}</td><td class="num">${s.skipped}</td>
<td class="num">${s.warnings}</td></tr>`;
}

function summary(report: RunReport): Raw {
  return html`<section id="summary">
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

/** More failed cases than this, and their findings start closed: the list of summaries is the overview. */
export const OPEN_FAILURES = 10;

/** Failed cases first, with their findings open where they are few: what the reader opened the report for. */
function failures(cases: readonly CaseResult[]): Raw {
  const failed = cases.filter((c) => c.status === 'failed');
  const open = failed.length <= OPEN_FAILURES;
  const body =
    failed.length === 0
      ? html`<p class="ok">No case failed.</p>`
      : new Raw(failed.map((c) => caseArticle(c, open).html).join('\n'));
  return html`<section id="failures" data-group>
<h2>Failures (${plural(failed.length, 'case')})</h2>
${body}
</section>`;
}

/** Passed cases with `should` findings: collapsed, below the failures. */
function warnings(cases: readonly CaseResult[]): Raw {
  const warned = cases.filter((c) => c.status === 'passed' && c.failures.length > 0);
  if (warned.length === 0) return NOTHING;
  return html`<section id="warnings" data-group>
<h2>Warnings</h2>
<details><summary>${plural(warned.length, 'passed case')} with should findings</summary>
${warned.map((c) => caseArticle(c, false))}
</details>
</section>`;
}

/** Every case of a profile in a table, collapsed: a long list only the curious open. */
function profileSection(profile: string, cases: readonly CaseResult[]): Raw {
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  const counts = [`${count('passed')} passed`, `${count('failed')} failed`, `${count('skipped')} skipped`];
  return html`<details class="profile" id="profile-${profile}" data-group>
<summary>${profile}: ${plural(cases.length, 'case')} (${counts.join(', ')})</summary>
<table>
<thead><tr><th>Status</th><th>Case</th><th>Title</th><th>Severity</th><th>Clauses</th><th>Duration</th></tr></thead>
<tbody>
${cases.map(caseRow)}
</tbody>
</table>
</details>`;
}

/** The shell variables the curl lines read, once for the page, with how to obtain each. */
function curlVariables(report: RunReport): Raw {
  const variables = reportCurlVariables(report);
  if (variables.length === 0) return NOTHING;
  return html`<section id="curl-variables">
<h2>Curl variables</h2>
<p>The curl lines read redacted secrets from these shell variables; export each before replaying a line.</p>
<table><thead><tr><th>Variable</th><th>Holds</th><th>How to obtain it</th></tr></thead><tbody>
${variables.map((v) => html`<tr><td><code>${v.name}</code></td><td>${v.kind}</td><td>${v.obtain}</td></tr>`)}
</tbody></table>
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
${filterBar(report)}
<main>
${summary(report)}
${failures(report.cases)}
${warnings(report.cases)}
${curlVariables(report)}
<section id="cases">
<h2>All cases</h2>
${sections}
</section>
</main>
<script>${new Raw(FILTER_SCRIPT)}</script>
</body>
</html>
`.html;
}

/**
 * Writes `<outDir>/report.html`: one self-contained page to attach or mail (inline CSS and an inline
 * filter script, no external asset): failures first, long lists collapsed.
 */
export const htmlReporter: Reporter = {
  name: 'html',
  files: ['report.html'],
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.html');
    await writeFile(path, renderHtml(report), 'utf8');
    return [path];
  },
};
