import type { RunReport } from '../model.js';
import { html, type Raw } from './html-markup.js';
import { consequentsOf } from './view.js';

/**
 * The filter bar: profile, severity and check. It starts `hidden` and the inline script shows it, so a
 * mail client or a viewer without scripts shows the whole report rather than controls that do nothing.
 */
export function filterBar(report: RunReport): Raw {
  const profiles = [...new Set(report.cases.map((c) => c.profile))];
  const checks = [
    ...new Set(
      report.cases.flatMap((c) => c.failures.flatMap((f) => [f, ...consequentsOf(f)]).map((f) => f.check)),
    ),
  ].sort();
  const options = (values: readonly string[]) => values.map((v) => html`<option value="${v}">${v}</option>`);
  return html`<form id="filters" class="filters" hidden>
<label>Profile <select name="profile"><option value="">all</option>${options(profiles)}</select></label>
<label>Severity <select name="severity"><option value="">all</option>${options(['must', 'should'])}</select></label>
<label>Check <select name="check"><option value="">all</option>${options(checks)}</select></label>
<label><input type="checkbox" name="failing"> only cases with findings</label>
<output name="shown"></output>
</form>`;
}

/**
 * Shows the filter bar and hides what it filters out. Every filterable element carries
 * `data-profile`, `data-severities` and `data-checks` (space-separated); a finding carries its own
 * severity and checks (its consequents' included), so within a shown case only matching findings stay.
 * Plain DOM, no library, no network: the page works from a file or a CI artifact.
 */
export const FILTER_SCRIPT = `(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  const has = (el, key, value) => !value || (el.dataset[key] || '').split(' ').includes(value);
  const apply = () => {
    const profile = form.elements.profile.value;
    const severity = form.elements.severity.value;
    const check = form.elements.check.value;
    const failing = form.elements.failing.checked;
    let shown = 0;
    let total = 0;
    for (const el of document.querySelectorAll('[data-filter]')) {
      const match =
        has(el, 'profile', profile) &&
        has(el, 'severities', severity) &&
        has(el, 'checks', check) &&
        (!failing || el.dataset.checks !== '');
      el.hidden = !match;
      // Each case has one row; its article in the failures or warnings section is not counted again.
      if (el.matches('[data-case]')) {
        total++;
        if (match) shown++;
      }
    }
    for (const el of document.querySelectorAll('[data-finding]')) {
      el.hidden = !(has(el, 'severities', severity) && has(el, 'checks', check));
    }
    for (const group of document.querySelectorAll('[data-group]')) {
      group.hidden = group.querySelector('[data-filter]') !== null && group.querySelector('[data-filter]:not([hidden])') === null;
    }
    form.elements.shown.value = shown + ' of ' + total + ' cases shown';
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  apply();
})();`;
