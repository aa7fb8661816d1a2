import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { JournalEntry } from '../mocks/core/journal.js';
import type { ClientReport } from '../mocks/findings/report.js';
import { startMockServer } from '../mocks/server.js';
import { launchChromium, serveFolder } from './helpers/browser.js';
import { SEED } from './helpers/mock.js';

/**
 * The client report judging a real browser: a test app in Chromium, served from its own origin
 * (`localhost:<page port>`), handles Dreadnode tokens against the mock (`localhost:<mock port>`) with
 * fetch, and the report names exactly what the app did wrong: two concurrent refreshes of one rotating
 * token, a refresh storm, a dead token retried; the app's one-at-a-time refreshes are not named.
 */

const browser = await launchChromium(t);
const pagePort = await serveFolder(t, new URL('./fixtures/client-report-page/', import.meta.url), [
  'index.html',
  'app.js',
]);

/** One of the app's functions, run in the page (the test's TypeScript has no DOM: a string, evaluated there). */
function call(page: Page, expression: string): Promise<number[]> {
  return page.evaluate<number[]>(`window.app.${expression}`);
}

/** A fresh mock and browser context showing the app. */
async function open(t: Test) {
  // Four logins in the test: well within a minute, and not what this test is about.
  const mock = await startMockServer({
    port: 0,
    seed: SEED,
    apis: ['dreadnode'],
    clientRules: { loginsPerMinute: 100 },
  });
  t.teardown(() => mock.close());
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const mockOrigin = `http://localhost:${mock.port}`;
  await page.goto(`http://localhost:${pagePort}/?mock=${encodeURIComponent(mockOrigin)}`);
  await page.waitForFunction('document.documentElement.dataset.ready === "true"');
  t.teardown(() => {
    if (!t.passing()) t.comment(`mock seed: ${mock.mock.seed} (TOKENRIG_TEST_SEED=${SEED} replays it)`);
  });
  const json = async <T>(path: string): Promise<T> => (await (await fetch(`${mock.url}${path}`)).json()) as T;
  return { mock, page, errors, json };
}

t.test('a test app in Chromium: the report names exactly its three mistakes', async (t) => {
  const { page, errors, json } = await open(t);

  const concurrent = await call(page, 'concurrentRefreshes()');
  t.strictSame([...concurrent].sort(), [200, 401], 'of two refreshes at once, one rotates, one is refused');
  const serialised = await call(page, 'serialisedRefreshes()');
  t.strictSame(serialised, [200, 200], 'one at a time, with the rotated token: both succeed');
  const storm = await call(page, 'refreshStorm(4)');
  t.strictSame(storm, [200, 200, 200, 200], 'four refreshes in a row, each with the rotated token');
  const dead = await call(page, "retryDeadToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.ZGVhZA', 3)");
  t.strictSame(dead, [401, 401, 401], 'a dead token is refused every time');
  t.strictSame(errors, [], 'no error in the page');

  const report = await json<ClientReport>('/__admin/client-report');
  t.strictSame(
    report.findings.map((f) => f.rule),
    ['concurrent-rotation', 'rejected-refresh-retried', 'refresh-storm'],
    'exactly the three mistakes, in the order the rules are listed',
  );
  t.equal(report.complete, true);

  const { requests } = await json<{ requests: JournalEntry[] }>('/__admin/requests');
  const byId = new Map(requests.map((r) => [r.id, r]));
  const pageOrigin = `http://localhost:${pagePort}`;
  for (const finding of report.findings) {
    const evidence = finding.evidence.map((e) => byId.get(e.request));
    t.ok(
      evidence.every((r) => r?.operation === 'refresh' && r.requestHeaders.origin === pageOrigin),
      `${finding.rule}: every request of the evidence is a refresh the page sent`,
    );
  }
  const [race, retried, stormed] = report.findings;
  t.equal(race?.evidence.length, 2, 'the race: both concurrent refreshes');
  t.match(race?.message, /answered (200, 401|401, 200)/);
  t.equal(retried?.evidence.length, 3, 'the dead token: the refusal and two retries');
  t.equal(retried?.session, undefined, 'a token the mock never issued belongs to no family');
  t.equal(stormed?.evidence.length, 4, 'the storm: all four early refreshes');
  t.notOk(JSON.stringify(report).includes('eyJ'), 'no token in the report');
});
