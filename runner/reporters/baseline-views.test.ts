// Every report format shows a run's baseline: known failures as known (never as failures in the
// JUnit and TAP counts CI reads), new and expired ones as failures, stale entries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import t from 'tap';
import { createAjv, SCHEMAS_DIR } from '../../schemas/load.js';
import { applyBaseline } from '../baseline/classify.js';
import type { RunReport } from '../model.js';
import { consoleReporter } from './console.js';
import { captureContext, fixture } from './fixture.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderTap } from './tap.js';

const { cases, summary } = applyBaseline(fixture.cases, {
  file: 'known-failures.json',
  strict: false,
  today: '2025-03-14',
  entries: [
    // flolive.refresh.expired: both must findings known
    { case: 'flolive.refresh.expired', check: 'status_code_conformance', reason: 'FL-7: 500 on expiry' },
    { case: 'flolive.refresh.expired', title: 'Response violates schema', reason: 'FL-7 again' },
    // vcf.refresh.ok (no finding, a reason only): expired
    {
      case: 'vcf.refresh.ok',
      title: 'Case could not complete',
      reason: 'login flaky',
      expires: '2025-03-01',
    },
    { case: 'flolive.login.ok', check: 'assertion', reason: 'fixed last week' },
  ],
});
const report: RunReport = { ...fixture, cases, baseline: summary };

t.test('the summary of this fixture', async (t) => {
  t.match(summary, { known: 2, new: 0, expired: 1, unchecked: 0 });
  t.same(
    summary.stale.map((e) => e.case),
    ['flolive.login.ok'],
  );
});

t.test('JSON: the report with its baseline fields matches schemas/report.schema.json', async (t) => {
  const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'report.schema.json'), 'utf8'));
  const validate = createAjv().compile(schema);
  t.ok(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors));
  const broken = { ...report, baseline: { ...summary, known: -1 } };
  t.notOk(validate(JSON.parse(JSON.stringify(broken))), 'and the schema can fail');
});

t.test('JUnit: a known failure is skipped with its reason, not a failure; stale entries are', async (t) => {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (n) => n === 'testsuite' || n === 'testcase' || n === 'property',
  }).parse(renderJunit(report));
  const suites = doc.testsuites.testsuite as {
    '@name': string;
    '@failures': string;
    '@skipped': string;
    testcase?: { '@name': string; skipped?: { '@message': string }; failure?: unknown }[];
    properties?: { property: { '@name': string; '@value': string }[] };
  }[];
  const flolive = suites.find((s) => s['@name'] === 'flolive');
  t.equal(flolive?.['@failures'], '0', 'the known failure is not counted as one');
  t.equal(flolive?.['@skipped'], '1');
  const expired = flolive?.testcase?.find((c) => c['@name'].startsWith('flolive.refresh.expired'));
  t.equal(expired?.skipped?.['@message'], 'known failure: FL-7: 500 on expiry; FL-7 again');
  t.notOk(expired?.failure);
  t.equal(suites.find((s) => s['@name'] === 'vcf')?.['@failures'], '1', 'the expired entry excuses nothing');
  const baseline = suites.find((s) => s['@name'] === 'baseline');
  t.equal(baseline?.['@failures'], '1', 'the stale entry fails, as it fails the run');
  t.match(baseline?.testcase?.[0]?.['@name'], /^stale: flolive\.login\.ok · assertion$/);
  t.same(
    baseline?.properties?.property
      .filter((p) => /known|new|expired|stale$/.test(p['@name']))
      .map((p) => [p['@name'], p['@value']]),
    [
      ['baseline.known', '2'],
      ['baseline.new', '0'],
      ['baseline.expired', '1'],
      ['baseline.stale', '1'],
    ],
  );
  t.equal(doc.testsuites['@failures'], '2', 'root: the vcf failure and the stale entry');
});

t.test('TAP: a known failure is a TODO; the stale entry a failing test point', async (t) => {
  const tap = renderTap(report);
  t.match(tap, /^1\.\.7$/m, 'six cases and one stale entry');
  t.match(
    tap,
    /^not ok 3 - flolive\.refresh\.expired .* # TODO known failure: FL-7: 500 on expiry; FL-7 again$/m,
  );
  t.match(tap, /^not ok 5 - vcf\.refresh\.ok .*[^O]$/m, 'no TODO on the expired one');
  t.match(tap, /^not ok 7 - stale: flolive\.login\.ok · assertion no longer fails/m);
  t.match(tap, /^# baseline known-failures\.json: 2 known, 0 new, 1 expired, 1 stale$/m);
});

t.test('console, HTML and Markdown name the standing of each failure and the counts', async (t) => {
  const ctx = captureContext(t.testdir());
  for (const c of report.cases) consoleReporter.onCaseEnd?.(c, ctx);
  await consoleReporter.finish(report, ctx);
  const text = ctx.output();
  t.match(text, /FAIL flolive\.refresh\.expired .*\(known failure\)/);
  t.match(text, /known failure: FL-7: 500 on expiry/);
  t.match(text, /baseline known-failures\.json: 2 known, 0 new, 1 expired, 1 stale/);
  t.match(
    text,
    /stale: flolive\.login\.ok · assertion no longer fails \(this fails the run: remove the entry\)/,
  );
  const html = renderHtml(report);
  t.match(html, /✗ failed \(known\)/);
  t.match(html, /<dt>Baseline<\/dt><dd>baseline known-failures\.json: 2 known/);
  const md = renderMarkdown(report);
  t.match(md, /\| flolive \| ⚠️ 2\/3 \| 3 \| 2 \| 0 \| 1 \| 0 \| 1 \|/, 'failed 0, known 1');
  t.match(md, /### Known failures \(1\)/);
  t.match(md, /- stale: flolive\.login\.ok · assertion no longer fails/);
});
