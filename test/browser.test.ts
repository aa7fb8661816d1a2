import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { JournalEntry } from '../mocks/core/journal.js';
import { type MockServerOptions, type RunningMock, startMockServer } from '../mocks/server.js';
import { launchChromium, NetworkLog, type SeenFetch, serveFolder } from './helpers/browser.js';
import { SEED } from './helpers/mock.js';

/**
 * A real browser as the mock's client: Debian's Chromium loads a page from one origin
 * (`http://localhost:<page port>`) whose script logs in and refreshes against the mock on another
 * (`http://localhost:<mock port>`) with fetch, for all five profiles. Same host name, two ports: the
 * calls are cross-origin (CORS, preflights) but same-site, which is what lets `SameSite=Lax` cookies
 * (Dreadnode's) be stored and sent; a page on `127.0.0.1` calling `localhost` is cross-site, and the
 * last tests show what it gets.
 */

const PAGE_FOLDER = new URL('./fixtures/browser-page/', import.meta.url);
/** Started once for the file; if Chromium cannot start, every browser test fails with the reason. */
const started: Promise<Browser | Error> = launchChromium(t).catch((error: unknown) =>
  error instanceof Error ? error : new Error(String(error)),
);
const pagePort = await serveFolder(t, PAGE_FOLDER, ['index.html', 'client.js']);

interface Session {
  readonly mock: RunningMock;
  /** How the page names the mock: always `http://localhost:<port>`. */
  readonly mockOrigin: string;
  readonly pageOrigin: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly network: NetworkLog;
  readonly pageErrors: string[];
}

/** A seeded mock on loopback and a fresh browser context showing the page from `pageHost`. */
async function open(t: Test, pageHost: string, options: MockServerOptions = {}): Promise<Session> {
  const browser = await started;
  if (browser instanceof Error) throw browser;
  // Listens on 127.0.0.1, and the browser maps `localhost` there (see launchChromium).
  const mock = await startMockServer({ port: 0, host: '127.0.0.1', seed: SEED, ...options });
  t.teardown(() => mock.close());
  const mockOrigin = `http://localhost:${mock.port}`;
  const pageOrigin = `http://${pageHost}:${pagePort}`;
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const network = await NetworkLog.attach(page);
  await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(mockOrigin)}`);
  await page.waitForFunction('document.documentElement.dataset.ready === "true"');
  t.teardown(() => {
    if (!t.passing()) t.comment(`mock seed: ${mock.mock.seed} (TOKENRIG_TEST_SEED=${SEED} replays it)`);
  });
  return { mock, mockOrigin, pageOrigin, context, page, network, pageErrors };
}

/** One fetch the page made, as the page reported it, with what Chromium's network stack saw of it. */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly body: unknown;
  /** The page's fetch threw (CORS refused the answer, or it timed out). */
  readonly error: string | undefined;
  readonly seen: SeenFetch | undefined;
}

/** Runs one step of one profile's client in the page (client.js) and pairs each fetch with its traffic. */
async function run(s: Session, profile: string, step: string): Promise<Call[]> {
  const before = (await s.network.fetchesTo(s.mockOrigin)).length;
  const answer: unknown = await s.page.evaluate(
    `tokenrig.run(${JSON.stringify(profile)}, ${JSON.stringify(step)})`,
  );
  if (!Array.isArray(answer)) throw new TypeError(`${profile} ${step}: the page answered ${String(answer)}`);
  const seen = await s.network.fetchesTo(s.mockOrigin);
  return answer.map((item: unknown, i) => {
    const method = field(item, 'method');
    const path = field(item, 'path');
    const status = field(item, 'status');
    const error = field(item, 'error');
    if (typeof method !== 'string' || typeof path !== 'string') {
      throw new TypeError(`${profile} ${step}: the page reported an exchange without method and path`);
    }
    return {
      method,
      path,
      status: typeof status === 'number' ? status : undefined,
      body: field(item, 'body'),
      error: typeof error === 'string' ? error : undefined,
      seen: seen[before + i],
    };
  });
}

/** The one call a step made. */
async function runOne(s: Session, profile: string, step: string): Promise<Call> {
  const [call, ...more] = await run(s, profile, step);
  if (!call || more.length > 0) throw new Error(`${profile} ${step}: expected exactly one fetch`);
  return call;
}

/** Tokens the page holds for a profile (client.js keeps them in memory). */
async function held(s: Session, profile: string): Promise<unknown> {
  return s.page.evaluate(`tokenrig.held(${JSON.stringify(profile)})`);
}

/** A member of parsed JSON, `undefined` when any step of the path is missing. */
function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

function headerList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim().toLowerCase());
}

/**
 * The call reached the page through CORS: the expected status, the page could read the JSON, and the
 * answer names the page's origin. A call with a non-simple method or header (JSON body, PATCH, PUT,
 * Authorization) must have been preceded by a preflight answered 204 that allows that origin, the
 * method and every requested header; a simple one (a form, an empty POST, a GET) by none.
 */
function throughCors(t: Test, s: Session, call: Call, want: { status: number; preflight: boolean }): void {
  const name = `${call.method} ${call.path}`;
  t.equal(call.error, undefined, `${name}: the page read the answer (CORS did not block it)`);
  t.equal(call.status, want.status, `${name}: ${want.status}`, { body: call.body });
  t.not(call.body, undefined, `${name}: the page got JSON`);
  const seen = call.seen;
  if (!seen) {
    t.fail(`${name}: Chromium reported no such fetch`);
    return;
  }
  t.equal(
    `${seen.method} ${seen.url}`,
    `${call.method} ${s.mockOrigin}${call.path}`,
    `${name}: sent as such`,
  );
  t.equal(seen.responseHeaders?.['access-control-allow-origin'], s.pageOrigin, `${name}: allows the page`);
  if (!want.preflight) {
    t.equal(seen.preflight, undefined, `${name}: a simple request, no preflight`);
    return;
  }
  const preflight = seen.preflight;
  if (!preflight) {
    t.fail(`${name}: no preflight was sent`);
    return;
  }
  const asked = preflight.requestHeaders;
  const allowed = preflight.responseHeaders ?? {};
  t.equal(`${preflight.method} ${preflight.status}`, 'OPTIONS 204', `${name}: preflight answered 204`);
  t.equal(asked['access-control-request-method'], call.method, `${name}: preflight asked for ${call.method}`);
  t.equal(
    allowed['access-control-allow-origin'],
    s.pageOrigin,
    `${name}: preflight allows the page's origin`,
  );
  t.equal(allowed['access-control-allow-credentials'], 'true', `${name}: preflight allows credentials`);
  t.ok(
    headerList(allowed['access-control-allow-methods']).includes(call.method.toLowerCase()),
    `${name}: preflight allows ${call.method}`,
  );
  const requested = headerList(asked['access-control-request-headers']).filter((h) => h !== '');
  t.ok(requested.length > 0, `${name}: preflight names the headers the call sends`);
  for (const header of requested) {
    t.ok(
      headerList(allowed['access-control-allow-headers']).includes(header),
      `${name}: preflight allows ${header}`,
    );
  }
}

/**
 * The mock's own record of the calls to `path`, oldest first, with their raw (unredacted) headers;
 * preflights, journaled too, left out.
 */
function journalOf(s: Session, path: string): JournalEntry[] {
  return s.mock.mock.journal
    .entries()
    .filter((e) => e.path === path && e.method !== 'OPTIONS')
    .reverse();
}

/** The cookies a request carried, by name (a name sent twice keeps every value). */
function sentCookies(entry: JournalEntry | undefined): Map<string, string[]> {
  const header = entry?.requestHeaders.cookie;
  const sent = new Map<string, string[]>();
  for (const pair of (typeof header === 'string' ? header : '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    sent.set(name, [...(sent.get(name) ?? []), pair.slice(at + 1).trim()]);
  }
  return sent;
}

const DREADNODE_COOKIES = ['access_token', 'refresh_token'] as const;

/**
 * Dreadnode's cookies as the browser keeps them: exactly one of each name (a second `refresh_token` on
 * another path is what broke the vendor's CLI), each `Path=/`, HttpOnly, SameSite=Lax and, over
 * plain http, not Secure. Returns their values by name, for comparisons that never print a token.
 */
async function assertJar(t: Test, s: Session, when: string): Promise<Map<string, string>> {
  const jar: Cookie[] = (await s.context.cookies()).filter((c) => c.domain === 'localhost');
  const values = new Map<string, string>();
  for (const name of DREADNODE_COOKIES) {
    const named = jar.filter((c) => c.name === name);
    t.equal(named.length, 1, `${when}: exactly one ${name} cookie in the browser`);
    for (const cookie of named) {
      const { path, httpOnly, sameSite, secure } = cookie;
      t.same(
        { path, httpOnly, sameSite, secure },
        { path: '/', httpOnly: true, sameSite: 'Lax', secure: false },
        `${when}: ${name} is Path=/, HttpOnly, SameSite=Lax, not Secure over http`,
      );
      values.set(name, cookie.value);
    }
  }
  return values;
}

t.test(
  'a page on localhost:<port2> logs in and refreshes against the mock on localhost:<port1>',
  async (t) => {
    const s = await open(t, 'localhost');

    await t.test('vcf: JSON login; PATCH refresh with the id as a JSON string, twice', async (t) => {
      const login = await runOne(s, 'vcf', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      t.type(field(login.body, 'refreshToken', 'id'), 'string', 'login returns the refresh-token id');
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'vcf', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        t.match(refresh.body, /^eyJ/, `${round} refresh: the new access token as a JSON string`);
      }
    });

    await t.test(
      'oracle-commerce: form login (no preflight); Bearer refresh (preflight), keeping the newest',
      async (t) => {
        const login = await runOne(s, 'oracle-commerce', 'login');
        throughCors(t, s, login, { status: 200, preflight: false });
        t.equal(field(login.body, 'token_type'), 'bearer', 'login returns a bearer token');
        for (const round of ['first', 'second']) {
          const refresh = await runOne(s, 'oracle-commerce', 'refresh');
          throughCors(t, s, refresh, { status: 200, preflight: true });
          const allowed = headerList(
            refresh.seen?.preflight?.responseHeaders?.['access-control-allow-headers'],
          );
          t.ok(allowed.includes('authorization'), `${round} refresh: the preflight allows Authorization`);
          const token = field(refresh.body, 'access_token');
          t.ok(
            typeof token === 'string' && (await held(s, 'oracle-commerce')) === token,
            `${round} refresh: the page holds the new token`,
          );
        }
      },
    );

    await t.test('dreadnode: device login, then refreshes with its cookies only', async (t) => {
      const [code, pair, ...more] = await run(s, 'dreadnode', 'login');
      t.equal(more.length, 0, 'the device login is two fetches');
      if (!code || !pair) throw new Error('the device login made no fetch');
      throughCors(t, s, code, { status: 200, preflight: false });
      throughCors(t, s, pair, { status: 200, preflight: true });
      for (const call of [code, pair])
        t.same(call.seen?.blockedCookies, [], `${call.path}: no cookie refused`);
      let cookies = await assertJar(t, s, 'after the device login');
      t.ok(
        cookies.get('refresh_token') === field(pair.body, 'refresh_token') &&
          cookies.get('access_token') === field(pair.body, 'access_token'),
        'the browser stored the pair the device token answer carried',
      );

      // The web app's first call after a login: authenticated by the access_token cookie alone.
      const user = await runOne(s, 'dreadnode', 'user');
      throughCors(t, s, user, { status: 200, preflight: false });
      t.equal(field(user.body, 'username'), 'demo', 'GET /api/user names the user the cookie belongs to');
      t.ok(
        sentCookies(journalOf(s, '/api/user').at(-1)).get('access_token')?.[0] ===
          cookies.get('access_token'),
        'GET /api/user carried the access_token cookie',
      );

      const used: string[] = [];
      for (const round of ['first', 'second']) {
        const before = cookies;
        const refresh = await runOne(s, 'dreadnode', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: false });
        const entry = journalOf(s, '/api/auth/refresh').at(-1);
        const sent = sentCookies(entry);
        t.same(
          DREADNODE_COOKIES.map((name) => sent.get(name)?.length ?? 0),
          [1, 1],
          `${round} refresh: one access_token and one refresh_token cookie sent`,
        );
        t.ok(
          sent.get('refresh_token')?.[0] === before.get('refresh_token'),
          `${round} refresh: the cookie sent is the refresh token the browser held`,
        );
        t.same(
          [entry?.requestHeaders['content-type'], entry?.requestHeaders['content-length'] ?? '0'],
          [undefined, '0'],
          `${round} refresh: no body, the cookie alone`,
        );
        t.same(refresh.seen?.blockedCookies, [], `${round} refresh: no cookie refused`);
        cookies = await assertJar(t, s, `after the ${round} refresh`);
        const issued = field(refresh.body, 'refresh_token');
        t.ok(
          typeof issued === 'string' && issued !== before.get('refresh_token'),
          `${round} refresh: a new refresh token`,
        );
        t.ok(
          cookies.get('refresh_token') === issued,
          `${round} refresh: the browser keeps the rotated refresh token`,
        );
        used.push(before.get('refresh_token') ?? '');
      }

      // A browser that had kept the first, rotated refresh token: reuse detection refuses it.
      await s.context.addCookies([
        {
          name: 'refresh_token',
          value: used[0] ?? '',
          domain: 'localhost',
          path: '/',
          httpOnly: true,
          sameSite: 'Lax',
          secure: false,
        },
      ]);
      const stale = await runOne(s, 'dreadnode', 'refresh');
      t.equal(stale.status, 401, 'a stale refresh_token cookie is refused');
      t.equal(field(stale.body, 'type'), 'refresh_token_reused', 'as a reused refresh token');
    });

    await t.test('flolive: JSON login; PUT refresh, keeping the rotated pair, twice', async (t) => {
      const login = await runOne(s, 'flolive', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      t.equal(field(login.body, 'errorCode'), '', 'login is an ACK');
      let previous = await held(s, 'flolive');
      const first = previous;
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'flolive', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        t.equal(field(refresh.body, 'errorCode'), '', `${round} refresh is an ACK`);
        const now = await held(s, 'flolive');
        const issued = field(refresh.body, 'content', 0);
        t.ok(
          field(now, 'token') === field(issued, 'token') &&
            field(now, 'refreshToken') === field(issued, 'refreshToken'),
          `${round} refresh: the page holds the new pair`,
        );
        t.ok(
          field(now, 'refreshToken') !== field(previous, 'refreshToken'),
          `${round} refresh: the pair rotated`,
        );
        previous = now;
      }
      // A page that had kept the login's pair instead: refused (floLIVE's "Invalid token").
      await s.page.evaluate(`tokenrig.hold('flolive', ${JSON.stringify(first)})`);
      const stale = await runOne(s, 'flolive', 'refresh');
      t.equal(field(stale.body, 'errorCode'), 'AUTH_1002', 'a stale pair is refused with AUTH_1002');
      t.equal(stale.error, undefined, 'and the page can read that refusal');
    });

    await t.test('kirjaswappi: JSON login; JSON refresh with the kept refresh token, twice', async (t) => {
      const login = await runOne(s, 'kirjaswappi', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'kirjaswappi', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        const token = field(refresh.body, 'jwtToken');
        t.ok(
          typeof token === 'string' && field(await held(s, 'kirjaswappi'), 'access') === token,
          `${round} refresh: the page holds the returned access token`,
        );
      }
      t.ok(
        field(await held(s, 'kirjaswappi'), 'refresh') === field(login.body, 'refreshToken'),
        'the refresh token is reused',
      );
    });

    t.same(s.pageErrors, [], 'the page ran without script errors');
  },
);

t.test('a page on 127.0.0.1 calling the mock on localhost is cross-site: no Lax cookies', async (t) => {
  const s = await open(t, '127.0.0.1');
  const [code, pair] = await run(s, 'dreadnode', 'login');
  if (!code || !pair) throw new Error('the device login made no fetch');
  throughCors(t, s, code, { status: 200, preflight: false });
  throughCors(t, s, pair, { status: 200, preflight: true });
  const refused = pair.seen?.blockedCookies ?? [];
  t.same(refused.map((c) => c.name).sort(), [...DREADNODE_COOKIES], 'the browser refused both Set-Cookies');
  // Chromium names the first rule that refused them: its third-party-cookie setting ("UserPreferences")
  // where that blocks, SameSite=Lax ("SameSiteLax") where it does not. Either way: another site.
  t.comment(`Chromium's reasons: ${[...new Set(refused.flatMap((c) => c.reasons))].join(', ')}`);
  t.same(
    (await s.context.cookies()).map((c) => c.name),
    [],
    'no cookie stored',
  );
  const refresh = await runOne(s, 'dreadnode', 'refresh');
  t.equal(refresh.status, 401, 'the cookie-only refresh is refused');
  t.equal(field(refresh.body, 'type'), 'not_authenticated', 'because no refresh_token cookie came');
  t.equal(
    journalOf(s, '/api/auth/refresh').at(-1)?.requestHeaders.cookie,
    undefined,
    'the request carried no cookie',
  );
  t.same(s.pageErrors, [], 'the page ran without script errors');
});

t.test('an origin the mock does not allow (--cors-origin): the page cannot read any answer', async (t) => {
  const s = await open(t, 'localhost', { corsOrigins: ['https://app.example'] });
  const json = await runOne(s, 'kirjaswappi', 'login');
  t.match(json.error, /TypeError/, 'JSON login: the fetch fails in the page');
  t.equal(
    json.seen?.preflight?.responseHeaders?.['access-control-allow-origin'],
    undefined,
    'the preflight allows no origin',
  );
  t.ok(json.seen?.failure?.cors, `Chromium reports a CORS error (${json.seen?.failure?.cors})`);
  t.equal(journalOf(s, '/api/v1/authenticate').length, 0, 'the login itself was never sent');
  t.ok(
    s.mock.mock.journal.entries().some((e) => e.path === '/api/v1/authenticate' && e.method === 'OPTIONS'),
    'only its preflight reached the mock (and is in its journal)',
  );

  // A form POST needs no preflight: the mock answers, and only the browser keeps the answer from the page.
  const form = await runOne(s, 'oracle-commerce', 'login');
  t.match(form.error, /TypeError/, 'form login: the fetch fails in the page');
  t.ok(form.seen?.failure?.cors, `Chromium reports a CORS error (${form.seen?.failure?.cors})`);
  t.same(
    journalOf(s, '/ccstore/v1/login').map((e) => e.status),
    [200],
    'though the mock answered 200',
  );
});

t.test('a Chromium that cannot start fails the test with what to install', async (t) => {
  await t.rejects(launchChromium(t, '/nonexistent/chromium'), {
    name: 'BrowserStartError',
    message: /did not start from \/nonexistent\/chromium .*apt-get install chromium/,
  });
});
