import { mkdirSync } from 'node:fs';
import type { ConsoleMessage, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { FaultRule } from '../mocks/core/fault-rules.js';
import { type RunningMock, startMockServer } from '../mocks/server.js';
import { launchChromium } from './helpers/browser.js';
import { SEED } from './helpers/mock.js';

/**
 * The dashboard at /__admin in Debian's Chromium, against a real mock on loopback: each control is
 * clicked as a person would, and the admin API is asked afterwards whether the mock agrees. Requests
 * come from outside the page (this process), as a client under test would send them.
 */

const browser = await launchChromium(t);
const SCREENSHOT = new URL('../reports/dashboard.png', import.meta.url);

interface Dashboard {
  readonly mock: RunningMock;
  /** Every request the page sent to the admin API that changes something: `METHOD path body`. */
  readonly changes: string[];
  readonly page: Page;
  /** Uncaught errors, console errors and CSP violations the page met. */
  readonly problems: string[];
  admin<T>(path: string, init?: RequestInit): Promise<T>;
}

async function openDashboard(t: Test, { accessTtl }: { accessTtl?: number } = {}): Promise<Dashboard> {
  const mock = await startMockServer({
    port: 0,
    seed: SEED,
    ...(accessTtl === undefined ? {} : { accessTtl }),
    users: [
      { username: 'demo', password: 'demo' },
      // A user name is data a client chose: the page must show it as text, never run it.
      { username: '<img src=x onerror="window.pwned=1">', password: 'pw' },
    ],
  });
  t.teardown(() => mock.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    // A 4xx the page asked for (a refused rule) is logged by Chromium as a failed load: not a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  const changes: string[] = [];
  page.on('request', (req) => {
    if (req.method() !== 'GET') {
      changes.push(`${req.method()} ${new URL(req.url()).pathname} ${req.postData() ?? ''}`.trimEnd());
    }
  });
  await page.goto(`${mock.url}/__admin`);
  // A locator, not waitForFunction('…'): a string predicate is an eval, which the page's CSP refuses.
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#live', { hasText: 'live' }).waitFor();
  t.teardown(() => {
    if (!t.passing()) t.comment(`mock seed: ${mock.mock.seed} (TOKENRIG_TEST_SEED=${SEED} replays it)`);
  });
  const admin = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${mock.url}/__admin/${path}`, init);
    return (await res.json()) as T;
  };
  return { mock, page, problems, admin, changes };
}

const vcfLogin = (mock: RunningMock, username = 'demo', password = 'demo', headers = {}) =>
  fetch(`${mock.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { refreshToken?: { id?: string } } }));

t.test('advancing the clock: the page shows the new time, and /__admin/clock agrees', async (t) => {
  const d = await openDashboard(t);
  const offset = d.page.locator('#clock-offset');
  t.equal(await offset.getAttribute('data-seconds'), '0', 'the clock starts at wall time');
  await d.page.getByRole('button', { name: '+1 h' }).click();
  await d.page.locator('#clock-offset[data-seconds="3600"]').waitFor();
  t.equal(await offset.textContent(), '+1h', 'the offset as a person reads it');
  await d.page.getByLabel('Advance by').fill('90');
  await d.page.getByRole('button', { name: 'Advance', exact: true }).click();
  await d.page.locator('#clock-offset[data-seconds="3690"]').waitFor();
  const clock = await d.admin<{ now: string; offsetSeconds: number }>('clock');
  t.equal(clock.offsetSeconds, 3690, 'the mock moved by what was clicked');
  const shown = Date.parse((await d.page.locator('#clock-now').getAttribute('datetime')) ?? '');
  t.ok(
    Math.abs(shown - Date.parse(clock.now)) < 5000,
    `the page shows the mock's time (${shown} vs ${clock.now})`,
  );
  t.match(await d.page.locator('#clock-now').textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  t.same(d.problems, []);
});

t.test('adding and removing a fault rule: it appears and goes, and the admin API agrees', async (t) => {
  const d = await openDashboard(t);
  const form = d.page.locator('#fault-form');
  await form.getByLabel('Profile').selectOption('vcf');
  await form.getByLabel('Operation').selectOption('refresh');
  await form.getByLabel('Effect').selectOption('status');
  // A status the operation does not document: the admin API's refusal is shown, nothing is added.
  await form.getByLabel('Value').fill('418');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.locator('.error', { hasText: /418/ }).waitFor();
  t.same(await d.admin<FaultRule[]>('faults'), [], 'a refused rule is not installed');

  await form.getByLabel('Value').fill('500');
  await form.getByLabel('Count').fill('2');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const row = d.page.locator('#fault-rows tr[data-rule="rule-1"]');
  await row.waitFor();
  t.match(await row.textContent(), /vcf · refresh.*status 500/, 'the rule is listed as it matches');
  t.match(await d.admin<FaultRule[]>('faults'), [
    { id: 'rule-1', profile: 'vcf', operation: 'refresh', status: 500, remaining: 2 },
  ]);
  t.equal(await form.locator('.error').textContent(), '', 'the earlier refusal is gone');

  await d.page.getByRole('button', { name: 'Remove rule-1' }).click();
  await row.waitFor({ state: 'detached' });
  t.same(await d.admin<FaultRule[]>('faults'), [], 'removed from the mock too');
  t.same(d.problems, []);
});

t.test('a request sent from outside appears live in the journal, without a reload', async (t) => {
  const d = await openDashboard(t);
  // A mark on this document: a reload would lose it.
  await d.page.evaluate(() => {
    (globalThis as { sameDocument?: boolean }).sameDocument = true;
  });
  const login = await vcfLogin(d.mock, 'demo', 'demo', { 'x-note': '<b id="injected">bold</b>' });
  t.equal(login.status, 200);
  const row = d.page.locator('#journal-rows tr[data-request="1"]');
  await row.waitFor();
  t.match(await row.textContent(), /POST \/v1\/tokens.*200.*vcf\.login/);
  t.equal(
    await d.page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument),
    true,
    'the page was not reloaded',
  );

  // The family it opened shows among the sessions, with its user.
  const sessions = await d.admin<{ id: string }[]>('sessions');
  const session = d.page.locator(`#session-rows tr[data-session="${sessions[0]?.id}"]`);
  await session.waitFor();
  t.match(await session.textContent(), /vcf.*demo.*active, refresh token expires in (1d|23h)/);

  // A refresh of that family arrives too, and the family counts it.
  const refreshed = await fetch(`${d.mock.url}/v1/tokens/access-token/refresh`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login.body.refreshToken?.id),
  });
  t.equal(refreshed.status, 200);
  await d.page.locator('#journal-rows tr[data-request="2"]').waitFor();
  await d.page
    .locator(`#session-rows tr[data-session="${sessions[0]?.id}"]`, { hasText: '1 ok, 0 refused' })
    .waitFor();

  // The request's headers, opened: shown as text, redacted as the admin API redacts them.
  await row.click();
  const details = d.page.locator('#journal-rows tr.details');
  await details.waitFor();
  t.match(await details.textContent(), /x-note<b id="injected">bold<\/b>/, 'the header value as text');
  t.equal(await d.page.locator('#injected').count(), 0, 'no element was made from it');
  t.same(d.problems, []);
});

t.test('what a client sent (a user name holding HTML) is shown as text and never runs', async (t) => {
  const d = await openDashboard(t);
  const evil = '<img src=x onerror="window.pwned=1">';
  t.equal((await vcfLogin(d.mock, evil, 'pw')).status, 200);
  const cell = d.page.locator('#session-rows td.user');
  await cell.waitFor();
  t.equal(await cell.textContent(), evil, 'the user name exactly as sent');
  t.equal(await d.page.locator('#session-rows img').count(), 0, 'no image element');
  t.equal(await d.page.evaluate(() => (globalThis as { pwned?: unknown }).pwned), undefined, 'no script ran');
  // Revoking from the page revokes the family in the mock.
  await d.page.getByRole('button', { name: /^Revoke / }).click();
  await d.page.locator('#session-rows td.state', { hasText: 'revoked (admin)' }).waitFor();
  t.match(await d.admin<unknown[]>('sessions'), [{ revoked: true, revokedReason: 'admin' }]);
  t.same(d.problems, []);
});

t.test('quirks switch from the page; each profile links its OpenAPI; a screenshot for people', async (t) => {
  const d = await openDashboard(t);
  const quirk = d.page.locator('li[data-quirk="kirjaswappi.malformed-token-500"] input[type="checkbox"]');
  await quirk.check();
  await d.page.locator('#status', { hasText: 'quirks: kirjaswappi.malformed-token-500' }).waitFor();
  t.match(await d.admin<{ quirks: string[] }>('health'), { quirks: ['kirjaswappi.malformed-token-500'] });
  await quirk.uncheck();
  await d.page.locator('#status', { hasText: 'quirks: none' }).waitFor();
  t.match(await d.admin<{ quirks: string[] }>('health'), { quirks: [] });

  const links = await d.page
    .locator('#openapi-list a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  t.same(
    links,
    ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi'].map(
      (p) => `${d.mock.url}/__admin/openapi/${p}.json`,
    ),
  );
  const vcf = d.page.locator('li[data-profile="vcf"]');
  await vcf.getByRole('button', { name: 'View operations' }).click();
  t.match(await vcf.locator('table').textContent(), /refresh.*PATCH \/v1\/tokens\/access-token\/refresh/);

  // Something to look at: a login, refreshes, a refused one, a fault rule and a moved clock.
  const login = await vcfLogin(d.mock);
  const refresh = (id: unknown) =>
    fetch(`${d.mock.url}/v1/tokens/access-token/refresh`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(id),
    });
  await refresh(login.body.refreshToken?.id);
  // A refused refresh token sent again, for the client report to have something to say.
  await refresh('not-a-token');
  await refresh('not-a-token');
  await d.admin('faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile: 'flolive', operation: 'refresh', error: 'AUTH_1002', count: 2 }),
  });
  await d.page.getByRole('button', { name: '+5 min' }).click();
  await d.page.locator('#journal-rows tr[data-request="4"]').waitFor();
  await d.page.locator('#fault-rows tr[data-rule="rule-1"]').waitFor();
  await d.page.locator('#finding-list li[data-finding="rejected-refresh-retried"]').waitFor();
  mkdirSync(new URL('.', SCREENSHOT), { recursive: true });
  await d.page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
  t.same(d.problems, [], 'the page loaded, ran and rendered under its CSP without an error');
});

t.test(
  'the client report: a refused refresh token sent again shows as its finding, with its evidence',
  async (t) => {
    const d = await openDashboard(t);
    await d.page.locator('#finding-list', { hasText: 'No findings' }).waitFor();
    const refresh = (id: string) =>
      fetch(`${d.mock.url}/v1/tokens/access-token/refresh`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(id),
      });
    // The same unknown refresh token twice, the second after the first was refused: a client in a loop.
    t.equal((await refresh('00000000-0000-4000-8000-000000000000')).status, 404);
    t.equal((await refresh('00000000-0000-4000-8000-000000000000')).status, 404);
    const finding = d.page.locator('#finding-list li[data-finding="rejected-refresh-retried"]');
    await finding.waitFor();
    const report = await d.admin<{ findings: { rule: string; title: string; severity: string }[] }>(
      'client-report',
    );
    t.same(
      report.findings.map((f) => f.rule),
      ['rejected-refresh-retried'],
      'the mock found exactly that',
    );
    t.match(
      await finding.textContent(),
      new RegExp(`${report.findings[0]?.severity}Rejected refresh token retried`),
    );
    t.equal(
      await finding.getByRole('link').getAttribute('href'),
      'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
      'the reference, linked',
    );
    t.match(await d.page.locator('#report-summary').textContent(), /^2 requests seen, 1 finding/);
    // The evidence opens the request it names in the journal.
    await finding.getByRole('button', { name: '#2' }).click();
    await d.page.locator('#journal-rows tr[data-request="2"][aria-expanded="true"]').waitFor();
    t.same(d.problems, []);
  },
);

t.test(
  'scenarios switch from the page, with their value; a refusal is shown and nothing changes',
  async (t) => {
    // Access tokens set to 60 s at start-up: the mock refuses short-lived, which would set them too.
    const d = await openDashboard(t, { accessTtl: 60 });
    interface Listed {
      name: string;
      active: boolean;
      value?: number;
    }
    const listed = async (name: string) =>
      (await d.admin<{ scenarios: Listed[] }>('scenarios')).scenarios.find((s) => s.name === name);
    const rate = d.page.locator('li[data-scenario="rate-limited"]');
    t.match(
      await rate.textContent(),
      /acts on dreadnode.*not on vcf \(its refresh documents no 429\)/,
      'where a scenario does not act, and why, as the mock says',
    );
    const flaky = d.page.locator('li[data-scenario="flaky-refresh"]');
    await flaky.getByRole('spinbutton').fill('0.5');
    await flaky.getByRole('checkbox', { name: 'flaky-refresh' }).check();
    await d.page.locator('#status', { hasText: 'scenarios: flaky-refresh' }).waitFor();
    t.match(await listed('flaky-refresh'), { active: true, value: 0.5 }, 'switched on with the value typed');
    await flaky.getByRole('spinbutton').fill('0.25');
    await flaky.getByRole('spinbutton').press('Tab');
    await d.page.locator('li[data-scenario="flaky-refresh"] input[type="number"][value="0.25"]').waitFor();
    t.match(
      await listed('flaky-refresh'),
      { active: true, value: 0.25 },
      'a new value switches it on again with it',
    );

    const short = d.page.locator('li[data-scenario="short-lived"]');
    // click, not check(): check() clicks again until the box stays checked, and the mock refuses it.
    await short.getByRole('checkbox', { name: 'short-lived' }).click();
    await d.page.locator('li[data-scenario="short-lived"] .error', { hasText: /--access-ttl/ }).waitFor();
    t.equal(
      await d.page.locator('li[data-scenario="short-lived"]').getByRole('checkbox').isChecked(),
      false,
      'the switch shows what the mock says: off',
    );
    t.match(await listed('short-lived'), { active: false }, 'and the mock agrees');

    await flaky.getByRole('checkbox', { name: 'flaky-refresh' }).uncheck();
    await d.page.locator('#status', { hasText: 'scenarios: none' }).waitFor();
    t.match(await listed('flaky-refresh'), { active: false });
    t.same(
      d.changes.filter((c) => c.includes('/__admin/scenarios')),
      [
        'PUT /__admin/scenarios/flaky-refresh {"value":0.5}',
        'PUT /__admin/scenarios/flaky-refresh {"value":0.25}',
        'PUT /__admin/scenarios/short-lived {"value":5}', // the default the page shows
        'DELETE /__admin/scenarios/flaky-refresh',
      ],
      'every switch went through the admin API',
    );
    t.same(d.problems, []);
  },
);
