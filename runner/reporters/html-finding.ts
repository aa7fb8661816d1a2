import { standingText } from '../baseline/describe.js';
import type { CaseResult, Clause, Failure } from '../model.js';
import { formatDuration, formatValue, plural } from './console.js';
import { html, NOTHING, openIf, type Raw } from './html-markup.js';
import { consequentsOf, pointerLabel, severityText } from './view.js';

/**
 * What the filter matches on, as `data-*` attributes (space-separated lists): the severities of the
 * root findings (a root carries its group's), and every check, consequents' included.
 */
function findingData(findings: readonly Failure[]): Raw {
  const severities = [...new Set(findings.map((f) => f.severity))].join(' ');
  const checks = [...new Set(findings.flatMap((f) => [f, ...consequentsOf(f)]).map((f) => f.check))].join(
    ' ',
  );
  return html` data-severities="${severities}" data-checks="${checks}"`;
}

/** A case's filter attributes: its profile and its findings'. */
const caseData = (c: CaseResult): Raw => html` data-profile="${c.profile}"${findingData(c.failures)}`;

function comparison(f: Failure): Raw {
  if (f.expected === undefined && f.actual === undefined) return NOTHING;
  const show = (value: unknown): string => (value === undefined ? '—' : formatValue(value, 2));
  return html`<table class="cmp"><tr><th>Expected</th><th>Actual</th></tr>
<tr><td><pre>${show(f.expected)}</pre></td><td><pre>${show(f.actual)}</pre></td></tr></table>`;
}

function location(f: Failure, consequent: boolean): Raw {
  const parts = [
    f.path === undefined ? NOTHING : html`path <code>${pointerLabel(f.path)}</code> `,
    f.schemaPath === undefined ? NOTHING : html`schema <code>${f.schemaPath}</code> `,
    f.step === undefined || consequent ? NOTHING : html`step <code>${f.step}</code>`,
  ];
  return parts.every((p) => p === NOTHING) ? NOTHING : html`<p class="where">${parts}</p>`;
}

/**
 * One finding in a `<details>`: open where the reader came for it (a failure), closed otherwise. Its
 * consequents sit in a nested `<details>` that starts closed: they answered the same request, so
 * they carry no curl line of their own.
 */
export function finding(f: Failure, open: boolean, consequent = false): Raw {
  const nested = f.consequents ?? [];
  const count = consequentsOf(f).length;
  const folded =
    nested.length === 0
      ? NOTHING
      : html`<details class="consequents"><summary>and ${plural(count, 'consequent finding')} on the same response</summary>
${nested.map((c) => finding(c, false, true))}
</details>`;
  const tail = count > 0 ? html` <span class="folded">+${count}</span>` : NOTHING;
  const data = consequent ? NOTHING : html` data-finding${findingData([f])}`;
  return html`<details class="finding"${data}${openIf(open)}>
<summary><span class="sev ${f.severity}">${severityText(f)}</span> ${f.title} <code>${f.check}</code>${tail}</summary>
<p class="message">${f.message}</p>
${f.baseline ? html`<p class="${f.baseline.standing === 'known' ? 'skipped-reason' : 'fail'}">${standingText(f.baseline)}</p>` : NOTHING}
${comparison(f)}${location(f, consequent)}
${f.curl === undefined || consequent ? NOTHING : html`<pre class="curl">${f.curl}</pre>`}
${folded}
</details>`;
}

/** Each clause with its kind as a label, so documented facts and assumptions read apart. */
export function clauseList(clauses: readonly Clause[]): Raw {
  if (clauses.length === 0) return NOTHING;
  return html`<ul class="clauses">${clauses.map(
    (c) => html`<li><span class="kind ${c.kind}">${c.kind}</span> ${c.source}</li>`,
  )}</ul>`;
}

const STATUS_LABEL = { passed: '✓ passed', failed: '✗ failed', skipped: '– skipped' } as const;

/**
 * A case with its findings, for the failures and warnings sections. Its must findings start open when
 * `open` (a short list of failures); otherwise every summary line shows title, check and how many
 * findings it folds, and a click opens one.
 */
export function caseArticle(c: CaseResult, open = true): Raw {
  const [reasonClass, reasonLabel] =
    c.status === 'skipped' ? ['skipped-reason', 'Skipped'] : ['fail', 'Failed'];
  const reason =
    c.reason === undefined ? NOTHING : html`<p class="${reasonClass}">${reasonLabel}: ${c.reason}</p>`;
  return html`<article class="case ${c.status}" id="finding-${c.id}" data-filter${caseData(c)}>
<h3><span class="status">${STATUS_LABEL[c.status]}${c.baseline === 'known' ? ' (known)' : ''}</span> <a href="#case-${c.id}"><code>${c.id}</code></a> ${c.title} <span class="sev ${c.severity}">${c.severity}</span> <span class="profile">${c.profile}</span></h3>
${clauseList(c.clauses)}${reason}
${c.failures.map((f) => finding(f, open && c.status === 'failed' && f.severity === 'must'))}
</article>`;
}

/** A case's row in its profile's table; a case with findings links to them. */
export function caseRow(c: CaseResult): Raw {
  const warnings = c.failures.filter((f) => f.severity === 'should').length;
  const note =
    c.status === 'passed' && warnings > 0
      ? html` <a class="should" href="#finding-${c.id}">(${plural(warnings, 'warning')})</a>`
      : c.status === 'failed'
        ? html` <a class="fail" href="#finding-${c.id}">(findings)</a>`
        : NOTHING;
  const skipped =
    c.status === 'skipped' ? html`<p class="skipped-reason">Skipped: ${c.reason ?? ''}</p>` : NOTHING;
  return html`<tr class="${c.status}" id="case-${c.id}" data-case data-filter${caseData(c)}>
<td class="status">${STATUS_LABEL[c.status]}${c.baseline === 'known' ? ' (known)' : ''}</td><td><code>${c.id}</code></td><td>${c.title}${note}${skipped}</td>
<td class="sev ${c.severity}">${c.severity}</td><td>${clauseList(c.clauses)}</td>
<td class="num">${formatDuration(c.durationMs)}</td></tr>`;
}
