import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { type RunningMock, startMockServer } from '../mocks/server.js';
import { SEED } from './helpers/mock.js';

/**
 * The Dreadnode login and refresh as the vendor's CLI drives them (dreadnode/cli v0.2.2 `cli.py` and
 * `dreadnode_cli/api.py`), against a real mock on a socket, with a real cookie jar. tough-cookie keeps
 * cookies as httpx's jar does (RFC 6265: one cookie per domain, path and name); the CLI reads its
 * tokens back by name alone, which raises when the jar holds two cookies of that name.
 */

interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** What the CLI's httpx jar raises from `cookies.get(name)` when two cookies carry that name. */
class CookieConflict extends Error {
  constructor(name: string) {
    super(`Multiple cookies exist with name=${name}`);
    this.name = 'CookieConflict';
  }
}

/** One run of the CLI: a jar seeded from its saved profile, every answer's Set-Cookie kept. */
class CliRun {
  readonly #store = new MemoryCookieStore();
  readonly #jar = new CookieJar(this.#store);
  readonly #base: string;
  /** After every answer, the names the jar then held twice: `METHOD path: name, …`; empty is right. */
  readonly splits: string[] = [];

  constructor(base: string, saved?: Tokens) {
    this.#base = base;
    // `Client.__init__`: `cookies.set(key, value, domain=host)`, at httpx's default path `/`.
    for (const [name, value] of Object.entries(saved ?? {}))
      this.#jar.setCookieSync(`${name}=${value}; Path=/`, base);
  }

  async request(method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
    const url = `${this.#base}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = await this.#jar.getCookieString(url);
    if (cookie) headers.cookie = cookie;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    for (const line of res.headers.getSetCookie()) await this.#jar.setCookie(line, url);
    const twice = await this.duplicates();
    if (twice.length > 0) this.splits.push(`${method} ${path}: ${twice.join(', ')}`);
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** `client._client.cookies.get(name)`: the one cookie of that name in the whole jar, or a conflict. */
  async cookie(name: string): Promise<string | undefined> {
    const all = (await this.#store.getAllCookies()).filter((c) => c.key === name);
    if (all.length > 1) throw new CookieConflict(name);
    return all[0]?.value;
  }

  /** Names the jar holds more than one cookie of: what makes the CLI's save step raise. */
  async duplicates(): Promise<string[]> {
    const names = (await this.#store.getAllCookies()).map((c) => c.key);
    return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  }

  /** `create_client`'s exit hook: the tokens to save, whichever cookie changed. */
  async flush(saved: Tokens): Promise<Tokens> {
    const access = await this.cookie('access_token');
    const refresh = await this.cookie('refresh_token');
    return { access_token: access || saved.access_token, refresh_token: refresh || saved.refresh_token };
  }
}

/** `dreadnode login`: device code, the page approved in a browser, polling while 401, then GET /api/user. */
async function login(t: Test, base: string, approve: (userCode: string) => Promise<void>): Promise<Tokens> {
  const cli = new CliRun(base);
  const codes = await cli.request('POST', '/api/auth/device/code');
  t.equal(codes.status, 200);
  // JSON of the device-code answer, whose members are checked against the contract elsewhere.
  const { device_code, user_code, verification_url } = codes.body as Record<string, string>;
  // `url_for_user_code`: the CLI opens the page it builds itself; the mock's verification_url is that page.
  t.equal(
    verification_url,
    `${base}/account/device?code=${user_code}`,
    'verification_url is the page the CLI opens',
  );
  const statuses: number[] = [];
  let tokens: Tokens | undefined;
  // `poll_for_token`: 200 ends the loop, 401 polls again, anything else ends the login. The CLI sleeps
  // 5 s between polls; the approval stands in for that wait here.
  for (let i = 0; i < 5 && !tokens; i++) {
    const poll = await cli.request('POST', '/api/auth/device/token', { device_code });
    statuses.push(poll.status);
    // The 200 body's shape is checked against the contract in mocks/dreadnode/dreadnode.test.ts.
    if (poll.status === 200) tokens = poll.body as Tokens;
    else if (poll.status !== 401) break;
    else if (i === 0) await approve(user_code ?? '');
  }
  t.same(statuses, [401, 200], 'pending (401) until approved, then the tokens');
  t.same(cli.splits, [], 'after every answer, the polling client holds one cookie of each name');
  if (!tokens) throw new Error(`the device login did not finish: ${statuses.join(', ')}`);
  // cli.py: a new client with both tokens as cookies, then GET /api/user.
  const first = new CliRun(base, tokens);
  const user = await first.request('GET', '/api/user');
  t.equal(user.status, 200, 'GET /api/user right after the login');
  t.match(user.body, {
    id: /^[0-9a-f-]{36}$/,
    email_address: 'demo@example.com',
    username: 'demo',
    api_key: { key: String },
  });
  t.same(first.splits, [], 'so does the client that asks for the user');
  return tokens;
}

/** The page's form, posted as a browser does. */
function browserApproves(page: string): (userCode: string) => Promise<void> {
  return async (userCode) => {
    const res = await fetch(`${page}/account/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: userCode }).toString(),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`approval page answered ${res.status}`);
  };
}

async function advance(mock: RunningMock, seconds: number): Promise<void> {
  const res = await fetch(`${mock.url}/__admin/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: seconds }),
  });
  await res.text();
  if (res.status !== 200) throw new Error(`the admin clock answered ${res.status}`);
}

async function startMock(t: Test): Promise<RunningMock> {
  const mock = await startMockServer({
    port: 0,
    host: '127.0.0.1',
    seed: SEED,
    apis: ['dreadnode'],
    settings: { 'dreadnode.deviceApproval': 'manual' },
  });
  t.teardown(() => mock.close());
  return mock;
}

t.test(
  'the CLI logs in, refreshes through its cookies, and never holds two cookies of one name',
  async (t) => {
    const mock = await startMock(t);
    const saved = await login(t, mock.url, browserApproves(mock.url));

    // An hour later, `dreadnode refresh`: the access token has expired, the refresh token has not.
    await advance(mock, 3601);
    const run = new CliRun(mock.url, saved);
    const user = await run.request('GET', '/api/user');
    t.equal(user.status, 200, 'answered as usual, the pair renewed on the spot');
    t.same(run.splits, [], 'the rotated cookies replaced the ones the CLI had set');
    const next = await run.flush(saved);
    t.not(next.refresh_token, saved.refresh_token, 'a new refresh token reached the jar');
    t.not(next.access_token, saved.access_token, 'and a new access token');

    // The next run starts from what was saved: nothing to refresh.
    const later = new CliRun(mock.url, next);
    t.equal((await later.request('GET', '/api/user')).status, 200);
    t.same(await later.flush(next), next, 'nothing changed, nothing to save');

    // Had the save failed, the next run would send the old pair: reuse, once a burst's few seconds are over.
    await advance(mock, 11);
    const stale = new CliRun(mock.url, saved);
    const replay = await stale.request('GET', '/api/user');
    t.equal(replay.status, 401, 'the old refresh token is reuse');
    t.match(replay.body, { status: 401, type: 'refresh_token_reused', detail: /already used/ });
    t.equal((await later.request('GET', '/api/user')).status, 401, 'and reuse revoked the whole family');
    t.same([...later.splits, ...stale.splits], [], 'no answer ever split a cookie in two');
  },
);

t.test('requests sent together over HTTP with one expired pair rotate it once', async (t) => {
  const mock = await startMock(t);
  const saved = await login(t, mock.url, browserApproves(mock.url));
  await advance(mock, 3601);
  const run = new CliRun(mock.url, saved);
  // Every request is built from the jar before any answer arrives, and all are in flight at once.
  const answers = await Promise.all(Array.from({ length: 6 }, () => run.request('GET', '/api/user')));
  t.same(
    answers.map((a) => a.status),
    Array(6).fill(200),
    'every one answered',
  );
  t.same(run.splits, [], 'six answers, each setting the same pair: still one cookie of each name');
  const next = await run.flush(saved);
  t.not(next.refresh_token, saved.refresh_token);
  const sessions = (await mock.mock.services.sessions.list()).filter((s) => s.profile === 'dreadnode');
  t.same(
    sessions.map((s) => s.refreshTokens.length),
    [2],
    'one session, rotated exactly once',
  );
  t.equal((await new CliRun(mock.url, next).request('GET', '/api/user')).status, 200, 'the saved pair works');
});

t.test('the check can fail: a server that sets refresh_token at Path=/api/auth splits the jar', async (t) => {
  const mock = await startMock(t);
  // The mock behind a proxy that moves refresh_token to /api/auth, as tokenrig's mock once did.
  const proxy = await listen(
    createServer((req, res) => {
      // Host goes through as it came, so the mock builds its URLs (verification_url) for the proxy.
      const upstream = request(
        `${mock.url}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (up) => {
          const cookies = (up.headers['set-cookie'] ?? []).map((line) =>
            line.startsWith('refresh_token=') ? line.replace('; Path=/;', '; Path=/api/auth;') : line,
          );
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'set-cookie': cookies });
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    }),
  );
  t.teardown(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));

  const saved = await login(t, proxy.url, browserApproves(proxy.url));
  await advance(mock, 3601);
  const run = new CliRun(proxy.url, saved);
  t.equal((await run.request('GET', '/api/user')).status, 200, 'the request itself succeeds');
  t.same(run.splits, ['GET /api/user: refresh_token'], 'two refresh_token cookies: at / and at /api/auth');
  await t.rejects(run.flush(saved), { name: 'CookieConflict' }, "the CLI's save step raises");
});

async function listen(server: Server): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A TCP server listening on a port reports an AddressInfo (a string only for a pipe or socket file).
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
