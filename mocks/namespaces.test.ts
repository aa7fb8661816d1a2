import t from 'tap';
import { type DeviceCode, FORM } from '../test/helpers/dreadnode.js';
import { pairOf, TOKEN } from '../test/helpers/flolive.js';
import { assertDocumented, type CallOptions, call, mockApp } from '../test/helpers/mock.js';
import type { MockApp } from './app.js';
import { createClock } from './core/clock.js';

// Namespaces in process: each is a world of its own, reached by header or by path prefix.

const demo = { username: 'demo', password: 'demo' };
const inNs = (name: string, options: CallOptions = {}): CallOptions => ({
  ...options,
  headers: { ...options.headers, 'tokenrig-namespace': name },
});

/** floLIVE's login and refresh in a namespace (by header), or in the mock's own world. */
async function login(mock: MockApp, ns?: string) {
  const reply = await call(mock, 'POST', TOKEN, ns ? inNs(ns, { json: demo }) : { json: demo });
  return pairOf(reply);
}
async function refresh(mock: MockApp, pair: { token: string; refreshToken: string }, ns?: string) {
  const body = { json: { token: pair.token, refreshToken: pair.refreshToken } };
  return call(mock, 'PUT', TOKEN, ns ? inNs(ns, body) : body);
}
const json = async (mock: MockApp, method: string, path: string, options: CallOptions = {}) =>
  (await call(mock, method, path, options)).json as Record<string, unknown>;

t.test('a namespace has its own sessions, users, fault rules, clock, quirks and journal', async (t) => {
  const mock = mockApp(t, ['flolive', 'kirjaswappi']);
  const a = await login(mock, 'a');
  t.equal((await refresh(mock, a, 'a')).status, 200, "a's token refreshes in a");
  const elsewhere = await refresh(mock, a, 'b');
  t.equal(elsewhere.status, 401);
  t.match(elsewhere.json, { errorCode: 'AUTH_1002' }, 'in b the token is unknown');
  t.match((await refresh(mock, a)).json, { errorCode: 'AUTH_1002' }, 'and in the mock’s own world');
  t.equal((await json(mock, 'GET', '/__admin/health', inNs('a'))).sessions, 1);
  t.equal((await json(mock, 'GET', '/__admin/health', inNs('b'))).sessions, 0);
  t.equal((await json(mock, 'GET', '/__admin/health')).sessions, 0);

  const al = { json: { username: 'al', password: 'p' } };
  t.equal((await call(mock, 'POST', '/__admin/users', inNs('a', al))).status, 201);
  const users = async (ns?: string) =>
    ((await call(mock, 'GET', '/__admin/users', ns ? inNs(ns) : {})).json as { username: string }[]).map(
      (u) => u.username,
    );
  t.same(await users('a'), ['demo', 'al']);
  t.same(await users('b'), ['demo'], 'b keeps the start-up users');
  t.same(await users(), ['demo']);

  const rule = { json: { profile: 'flolive', operation: 'login', status: 500 } };
  t.equal((await call(mock, 'POST', '/__admin/faults', inNs('b', rule))).status, 201);
  t.equal((await call(mock, 'POST', TOKEN, inNs('b', { json: demo }))).status, 500, "b's rule in b");
  t.equal((await call(mock, 'POST', TOKEN, inNs('a', { json: demo }))).status, 200, 'not in a');
  t.equal((await call(mock, 'POST', TOKEN, { json: demo })).status, 200, 'nor outside');

  await call(mock, 'POST', '/__admin/clock', inNs('a', { json: { advance: 3600 } }));
  t.equal((await json(mock, 'GET', '/__admin/clock', inNs('a'))).offsetSeconds, 3600);
  t.equal((await json(mock, 'GET', '/__admin/clock', inNs('b'))).offsetSeconds, 0);
  t.equal((await json(mock, 'GET', '/__admin/clock')).offsetSeconds, 0);

  await call(mock, 'PUT', '/__admin/quirks/kirjaswappi.malformed-token-500', inNs('b'));
  const garbage = { json: { refreshToken: 'not-a-jwt' } };
  const refreshK = '/api/v1/authenticate/refresh';
  t.equal((await call(mock, 'POST', refreshK, inNs('b', garbage))).status, 500, "b's quirk in b");
  t.equal((await call(mock, 'POST', refreshK, inNs('a', garbage))).status, 400, 'documented in a');
  t.same((await json(mock, 'GET', '/__admin/health', inNs('a'))).quirks, []);

  const journal = async (ns?: string) =>
    (
      (await call(mock, 'GET', '/__admin/requests', ns ? inNs(ns) : {})).json as {
        requests: { method: string; path: string }[];
      }
    ).requests.map((r) => `${r.method} ${r.path}`);
  t.same(
    await journal('a'),
    [`POST ${refreshK}`, `POST ${TOKEN}`, `PUT ${TOKEN}`, `POST ${TOKEN}`],
    "a's journal: its own requests, newest first",
  );
  t.same(await journal('b'), [`POST ${refreshK}`, `POST ${TOKEN}`, `PUT ${TOKEN}`], "b's");
  t.same(await journal(), [`POST ${TOKEN}`, `PUT ${TOKEN}`], "the own world's: none of the namespaces'");
});

t.test('a reset in one namespace leaves the others untouched', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const a = await login(mock, 'a');
  const b = await login(mock, 'b');
  const own = await login(mock);
  const rule = { json: { profile: 'flolive', operation: 'refresh', status: 503 } };
  for (const ns of ['a', 'b']) {
    await call(mock, 'POST', '/__admin/clock', inNs(ns, { json: { advance: 60 } }));
    await call(mock, 'POST', '/__admin/faults', inNs(ns, rule));
  }
  t.equal((await call(mock, 'POST', '/__admin/reset', inNs('a'))).status, 204);
  const after = await refresh(mock, a, 'a');
  t.equal(after.status, 401, "a's rule is gone (no 503)");
  t.match(after.json, { errorCode: 'AUTH_1002' }, "and so is a's session");
  t.equal((await json(mock, 'GET', '/__admin/clock', inNs('a'))).offsetSeconds, 0, "a's clock is back");
  t.equal((await json(mock, 'GET', '/__admin/clock', inNs('b'))).offsetSeconds, 60, "b's is not");
  t.equal((await refresh(mock, b, 'b')).status, 503, "b's rule is still there");
  await call(mock, 'DELETE', '/__admin/faults', inNs('b'));
  t.match((await refresh(mock, b, 'b')).json, { content: [{ token: String }] }, "and b's session");
  t.match((await refresh(mock, own)).json, { content: [{ token: String }] }, 'the own world’s too');
  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.equal((await json(mock, 'GET', '/__admin/clock', inNs('b'))).offsetSeconds, 60, 'the own reset spares b');
});

t.test('the path prefix and the header reach the same world', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const pair = pairOf(await call(mock, 'POST', `/__ns/ci-7${TOKEN}`, { json: demo }));
  const refreshed = await refresh(mock, pair, 'ci-7');
  t.match(refreshed.json, { content: [{ token: String }] }, 'logged in by prefix, refreshed by header');
  await call(mock, 'POST', '/__admin/clock', inNs('ci-7', { json: { advance: 5 } }));
  t.equal((await json(mock, 'GET', '/__ns/ci-7/__admin/clock')).offsetSeconds, 5, 'admin by prefix');
  const both = await call(mock, 'GET', '/__ns/ci-7/__admin/health', inNs('ci-7'));
  t.match(both.json, { namespace: 'ci-7', sessions: 1 }, 'both, agreeing');
  const journal = (await call(mock, 'GET', '/__admin/requests', inNs('ci-7'))).json as {
    requests: { path: string }[];
  };
  t.same(
    journal.requests.map((r) => r.path),
    [TOKEN, TOKEN],
    'the journal shows the paths the world routes, without the prefix',
  );
  const q = await call(mock, 'GET', '/__ns/ci-7/__admin/requests?limit=1');
  t.equal((q.json as { requests: unknown[] }).requests.length, 1, 'a query after the prefix is kept');
  t.equal((await json(mock, 'GET', '/__admin/health')).namespace, null, 'the own world is null');
});

t.test('a bad or conflicting name: 400 in the profile’s envelope, or the admin API’s', async (t) => {
  const mock = mockApp(t, ['flolive', 'vcf']);
  const api = await call(mock, 'POST', TOKEN, inNs('no/slash', { json: demo }));
  t.equal(api.status, 400);
  t.match(api.json, { errorCode: String, errorMessage: /namespace name "no\/slash" may hold only/ });
  assertDocumented(t, mock, 'flolive', 'login', api);
  const vcf = await call(mock, 'POST', '/__ns/a!/v1/tokens', { json: demo });
  t.equal(vcf.status, 400);
  t.match(vcf.json, { message: /"a!".*path prefix/ });
  assertDocumented(t, mock, 'vcf', 'login', vcf);
  const admin = await call(mock, 'POST', '/__admin/reset', inNs(''));
  t.equal(admin.status, 400);
  t.same(admin.json, {
    error: {
      code: 'TOKENRIG_BAD_NAMESPACE',
      message: 'namespace name is empty (in the Tokenrig-Namespace header)',
    },
  });
  const conflict = await call(mock, 'GET', '/__ns/a/__admin/health', inNs('b'));
  t.equal(conflict.status, 400);
  t.match(conflict.json, {
    error: { code: 'TOKENRIG_BAD_NAMESPACE', message: /"b" but the path prefix names "a"/ },
  });
  const elsewhere = await call(mock, 'GET', '/__ns/x y/nothing-here');
  t.equal(elsewhere.status, 400, 'a path no profile owns: the mock’s own envelope');
  t.match(elsewhere.json, { error: { code: 'TOKENRIG_BAD_NAMESPACE' } });
  t.equal((await json(mock, 'GET', '/__admin/health')).namespaces, 0, 'no world was made for any of them');
  t.equal((await json(mock, 'GET', '/__admin/health')).sessions, 0, 'nor did a login reach the own world');
});

t.test('bounded: past the cap with every namespace busy, 503 with Retry-After; deleting frees', async (t) => {
  const mock = mockApp(t, ['flolive'], { maxNamespaces: 2 });
  await login(mock, 'a');
  await login(mock, 'b');
  const full = await call(mock, 'POST', TOKEN, inNs('c', { json: demo }));
  t.equal(full.status, 503);
  t.match(full.json, { errorMessage: /all 2 namespaces are in use/ });
  t.ok(Number(full.headers.get('retry-after')) > 0, 'Retry-After says when');
  const fullAdmin = await call(mock, 'GET', '/__admin/health', inNs('c'));
  t.equal(fullAdmin.status, 503);
  t.match(fullAdmin.json, { error: { code: 'TOKENRIG_NAMESPACES_FULL' } });
  const listed = await json(mock, 'GET', '/__admin/namespaces');
  t.match(listed, { max: 2, namespaces: [{ name: 'a', sessions: 1, requests: 1 }, { name: 'b' }] });
  t.equal((await call(mock, 'DELETE', '/__admin/namespaces/a')).status, 204);
  t.equal((await call(mock, 'DELETE', '/__admin/namespaces/a')).status, 404, 'gone');
  t.match((await call(mock, 'POST', TOKEN, inNs('c', { json: demo }))).json, {
    content: [{ token: String }],
  });
  t.equal((await json(mock, 'GET', '/__admin/health', inNs('c'))).namespaces, 2, 'health counts them');
  t.equal((await call(mock, 'GET', '/__admin/health', inNs('a'))).status, 503, 'b and c are busy');
  const inside = await call(mock, 'GET', '/__admin/namespaces', inNs('c'));
  t.equal(inside.status, 404, 'a namespace does not see the others');
  t.match(inside.json, { error: { code: 'TOKENRIG_NOT_IN_NAMESPACE' } });
  t.equal((await call(mock, 'DELETE', '/__admin/namespaces/b', inNs('c'))).status, 404, 'nor end them');
  t.equal((await call(mock, 'DELETE', '/__admin/namespaces')).status, 204);
  t.equal((await json(mock, 'GET', '/__admin/health')).namespaces, 0);
  t.match(await json(mock, 'GET', '/__admin/health', inNs('a')), { namespace: 'a', sessions: 0 }, 'a is new');
  const off = mockApp(t, ['flolive'], { maxNamespaces: 0 });
  const refused = await call(off, 'GET', '/__admin/health', inNs('a'));
  t.equal(refused.status, 503);
  t.match(refused.json, { error: { message: /turned off/ } });
  t.equal((await call(off, 'GET', '/__admin/health')).status, 200, 'the own world still answers');
});

t.test('Dreadnode: the device page a browser opens stays in the namespace', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const code = (await call(mock, 'POST', '/api/auth/device/code', inNs('d'))).json as DeviceCode;
  t.match(code.verification_url, /^http:\/\/localhost\/__ns\/d\/account\/device\?code=/);
  const url = new URL(code.verification_url);
  const page = await call(mock, 'GET', `${url.pathname}${url.search}`);
  t.equal(page.status, 200, 'the page finds the code in its namespace');
  t.match(page.text, '<form method="post" action="/__ns/d/account/device">');
  const approved = await call(mock, 'POST', '/__ns/d/account/device', {
    body: `code=${encodeURIComponent(code.user_code)}`,
    headers: FORM,
  });
  t.equal(approved.status, 200);
  const poll = inNs('d', { json: { device_code: code.device_code } });
  t.equal((await call(mock, 'POST', '/api/auth/device/token', poll)).status, 200, 'approved in d');
  t.equal((await call(mock, 'GET', `/account/device?code=${code.user_code}`)).status, 404, 'unknown outside');
  const openapi = await json(mock, 'GET', '/__ns/d/__admin/openapi/dreadnode.json');
  t.same(openapi.servers, [{ url: 'http://localhost/__ns/d' }], 'OpenAPI points generated clients into d');
});

t.test('namespaces are seeded from the mock’s seed and their name; log lines name them', async (t) => {
  const lines: string[] = [];
  // One wall time for both, so that tokens' iat cannot differ by a second boundary between the logins.
  const wall = () => 1_800_000_000_000;
  const one = mockApp(t, ['flolive'], { log: (line) => lines.push(line), clock: createClock(wall) });
  const two = mockApp(t, ['flolive'], { clock: createClock(wall) });
  const tokenIn = async (mock: MockApp, ns: string) => (await login(mock, ns)).token;
  t.equal(await tokenIn(one, 'x'), await tokenIn(two, 'x'), 'same seed, same name: the same token');
  t.not(await tokenIn(one, 'y'), await tokenIn(one, 'x'), 'another name: another world');
  t.match(lines[0], /^\[x\] POST \/api\/v2\/auth\/token 200 flolive\.login/);
});
