import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { JournalEntry } from '../../mocks/core/journal.js';
import { type MockServerOptions, type RunningMock, startMockServer } from '../../mocks/server.js';
import { launchChromium, NetworkLog, type SeenFetch, serveFolder } from './browser.js';
import { SEED } from './mock.js';

/**
 * What the browser tests share: one Chromium and the page's server per test file, a session (a seeded
 * mock and a fresh browser context showing the page), the page's client steps, and the checks of what
 * CORS and the cookie jar let through.
 */

const PAGE_FOLDER = new URL('../fixtures/browser-page/', import.meta.url);
/** Started once for the file; if Chromium cannot start, every browser test fails with the reason. */
const started: Promise<Browser | Error> = launchChromium(t).catch((error: unknown) =>
  error instanceof Error ? error : new Error(String(error)),
);
const pagePort = await serveFolder(t, PAGE_FOLDER, ['index.html', 'client.js']);

export interface Session {
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
export async function open(t: Test, pageHost: string, options: MockServerOptions = {}): Promise<Session> {
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
export interface Call {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly body: unknown;
  /** The page's fetch threw (CORS refused the answer, or it timed out). */
  readonly error: string | undefined;
  readonly seen: SeenFetch | undefined;
}

/** Runs one step of one profile's client in the page (client.js) and pairs each fetch with its traffic. */
export async function run(s: Session, profile: string, step: string): Promise<Call[]> {
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
export async function runOne(s: Session, profile: string, step: string): Promise<Call> {
  const [call, ...more] = await run(s, profile, step);
  if (!call || more.length > 0) throw new Error(`${profile} ${step}: expected exactly one fetch`);
  return call;
}

/** Tokens the page holds for a profile (client.js keeps them in memory). */
export async function held(s: Session, profile: string): Promise<unknown> {
  return s.page.evaluate(`tokenrig.held(${JSON.stringify(profile)})`);
}

/** A member of parsed JSON, `undefined` when any step of the path is missing. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

export function headerList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim().toLowerCase());
}

/**
 * The call reached the page through CORS: the expected status, the page could read the JSON, and the
 * answer names the page's origin. A call with a non-simple method or header (JSON body, PATCH, PUT,
 * Authorization) must have been preceded by a preflight answered 204 that allows that origin, the
 * method and every requested header; a simple one (a form, an empty POST, a GET) by none.
 */
export function throughCors(
  t: Test,
  s: Session,
  call: Call,
  want: { status: number; preflight: boolean },
): void {
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
export function journalOf(s: Session, path: string): JournalEntry[] {
  return s.mock.mock.journal
    .entries()
    .filter((e) => e.path === path && e.method !== 'OPTIONS')
    .reverse();
}

/** The cookies a request carried, by name (a name sent twice keeps every value). */
export function sentCookies(entry: JournalEntry | undefined): Map<string, string[]> {
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

export const DREADNODE_COOKIES = ['access_token', 'refresh_token'] as const;

/**
 * Dreadnode's cookies as the browser keeps them: exactly one of each name (a second `refresh_token` on
 * another path is what broke the vendor's CLI), each `Path=/`, HttpOnly, SameSite=Lax and, over
 * plain http, not Secure. Returns their values by name, for comparisons that never print a token.
 */
export async function assertJar(t: Test, s: Session, when: string): Promise<Map<string, string>> {
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
