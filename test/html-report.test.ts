import t from 'tap';
import type { CaseResult } from '../runner/model.js';
import { fixture } from '../runner/reporters/fixture.js';
import { foldedFixture } from '../runner/reporters/fixture-folded.js';
import { OPEN_FAILURES, renderHtml } from '../runner/reporters/html.js';
import { launchChromium } from './helpers/browser.js';

// The HTML report in a real browser: parsed as a browser parses it, its filter script run, offline.

const browser = await launchChromium(t);

async function open(html: string) {
  const context = await browser.newContext({ offline: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, errors, requests };
}

type Page = Awaited<ReturnType<typeof open>>['page'];

/**
 * An expression evaluated in the page. Written as a string: the tests compile without the DOM
 * library, and the page's answer is plain JSON either way.
 */
const inPage = (page: Page, expression: string): Promise<unknown> => page.evaluate(expression);

/** The ids of the case rows the filter leaves visible. */
const visibleRows = (page: Page) =>
  inPage(
    page,
    `[...document.querySelectorAll('tr[data-case]')].filter((r) => !r.hidden).map((r) => r.id.slice(5))`,
  );

t.test('parsed by Chromium: failures first, the filter shown, no error, no request', async (t) => {
  const { page, errors, requests } = await open(renderHtml(foldedFixture));
  t.same(errors, [], 'the inline script runs without an error');
  t.same(requests, [], 'nothing is fetched: no CDN, no asset');
  t.same(
    await inPage(page, `[...document.querySelectorAll('main > section > h2')].map((h) => h.textContent)`),
    ['Summary', 'Failures (3 cases)', 'Warnings', 'Curl variables', 'All cases'],
  );
  t.equal(
    await inPage(page, `document.getElementById('filters').hidden`),
    false,
    'the script shows the filter',
  );
  t.equal(await inPage(page, `document.querySelector('#filters output').textContent`), '7 of 7 cases shown');
  t.same(
    await inPage(
      page,
      `[...document.querySelectorAll('details.profile, #warnings > details')].map((d) => d.open)`,
    ),
    [false, false, false, false],
    'the long lists start collapsed',
  );
  t.same(
    await inPage(page, `[...document.querySelectorAll('details.consequents')].map((d) => d.open)`),
    [false],
    'consequents start collapsed',
  );
  t.equal(
    await inPage(page, `document.querySelector('details.consequents > summary').textContent`),
    'and 3 consequent findings on the same response',
  );
  const color = (selector: string) =>
    inPage(page, `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).color`);
  t.equal(
    await color('#case-flolive\\.login\\.ok .sev'),
    await color('#case-flolive\\.login\\.ok td:nth-child(2)'),
    'must on a passing row is the colour of plain text',
  );
  t.equal(
    await color('#case-flolive\\.refresh\\.expired .sev'),
    'rgb(207, 34, 46)',
    'and red where it failed',
  );
  t.equal(await inPage(page, `document.querySelectorAll('script').length`), 1);
  t.equal(await inPage(page, `document.querySelectorAll('script[src], link, img').length`), 0);
});

t.test('the filter: by profile, severity and check, on cases and on their findings', async (t) => {
  const { page } = await open(renderHtml(foldedFixture));
  await page.selectOption('#filters select[name=profile]', 'vcf');
  t.same(await visibleRows(page), ['vcf.login.ok', 'vcf.refresh.ok', 'vcf.revoke.clock']);
  t.equal(await inPage(page, `document.querySelector('#filters output').textContent`), '3 of 7 cases shown');
  await page.check('#filters input[name=failing]');
  t.same(await visibleRows(page), ['vcf.login.ok'], 'only cases with findings');
  await page.uncheck('#filters input[name=failing]');
  await page.selectOption('#filters select[name=profile]', '');
  await page.selectOption('#filters select[name=severity]', 'should');
  t.same(await visibleRows(page), ['flolive.refresh.rotates', 'vcf.login.ok', 'kirjaswappi.refresh.success']);
  await page.selectOption('#filters select[name=severity]', '');
  await page.selectOption('#filters select[name=check]', 'response_schema_conformance');
  t.same(
    await visibleRows(page),
    ['flolive.refresh.expired', 'kirjaswappi.refresh.success'],
    'a check found only among consequents still finds its case',
  );
  await page.selectOption('#filters select[name=check]', 'no_stack_trace');
  t.same(await visibleRows(page), ['kirjaswappi.refresh.success']);
  t.same(
    await inPage(
      page,
      `[...document.querySelectorAll('#finding-kirjaswappi\\\\.refresh\\\\.success [data-finding]')].map((f) => [f.hidden, f.querySelector('summary').textContent.trim()])`,
    ),
    [
      [true, 'must Server error not_a_server_error +3'],
      [false, 'should Stack trace in response no_stack_trace'],
    ],
    'within a shown case only the matching findings stay',
  );
  t.equal(
    await inPage(page, `document.getElementById('warnings').hidden`),
    true,
    'a section left empty hides',
  );
});

t.test('many failures: every summary line shown, the findings closed', async (t) => {
  const [base] = foldedFixture.cases.slice(-1);
  if (!base) return t.fail('the fixture has the folded case');
  const many: CaseResult[] = Array.from({ length: OPEN_FAILURES + 1 }, (_, i) => ({
    ...base,
    id: `kirjaswappi.c${i}`,
  }));
  const { page } = await open(renderHtml({ ...fixture, cases: many }));
  t.equal(await inPage(page, `document.querySelectorAll('#failures article').length`), OPEN_FAILURES + 1);
  t.equal(await inPage(page, `document.querySelectorAll('#failures details[open]').length`), 0);
  const few = await open(renderHtml({ ...fixture, cases: many.slice(0, OPEN_FAILURES) }));
  t.equal(
    await inPage(few.page, `document.querySelectorAll('#failures details.finding[open]').length`),
    OPEN_FAILURES,
  );
});
