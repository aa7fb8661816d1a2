import t from 'tap';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import type { MockApp } from '../app.js';
import { createClock } from '../core/clock.js';

const LOGIN = '/ccstore/v1/login';
const REFRESH = '/ccstore/v1/refresh';
const VERIFY = '/ccstore/v1/verify';
const LOGOUT = '/ccstore/v1/logout';
const demo = { grant_type: 'password', username: 'demo', password: 'demo' };
const PATHS: Readonly<Record<string, string>> = {
  login: LOGIN,
  refresh: REFRESH,
  verify: VERIFY,
  logout: LOGOUT,
};

/** Whatever test object the shared helpers take. */
type T = Parameters<typeof assertDocumented>[0];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function login(mock: MockApp): Promise<string> {
  const reply = await call(mock, 'POST', LOGIN, { form: demo });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return (reply.json as { access_token: string }).access_token;
}

/** Calls a bearer operation and checks the reply against that operation's contract. */
async function withToken(t: T, mock: MockApp, op: string, token: string): Promise<Reply> {
  const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: bearer(token) });
  assertDocumented(t, mock, 'oracle-commerce', op, reply);
  return reply;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

t.test('lifecycle: login, verify, refresh restarts the clock, expiry, logout', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const first = await call(mock, 'POST', LOGIN, { form: demo });
  t.equal(first.status, 200);
  assertDocumented(t, mock, 'oracle-commerce', 'login', first);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.json, { token_type: 'bearer', expires_in: 900 });
  const a = (first.json as { access_token: string }).access_token;
  t.match(claimsOf(a), { iss: 'storefrontUI', sub: 'demo' });

  t.same((await withToken(t, mock, 'verify', a)).json, { success: true });

  mock.services.clock.advance(600);
  const refreshed = await withToken(t, mock, 'refresh', a);
  t.equal(refreshed.status, 200);
  t.equal(refreshed.headers.get('cache-control'), 'no-store');
  t.match(refreshed.json, { token_type: 'bearer', expires_in: 900 });
  const b = (refreshed.json as { access_token: string }).access_token;
  t.not(b, a, 'a new token');
  t.equal(claimsOf(b).sid, claimsOf(a).sid, 'in the same session');
  t.equal((await withToken(t, mock, 'verify', a)).status, 200, 'by default the old token stays valid');

  const withBody = await call(mock, 'POST', REFRESH, { json: {}, headers: bearer(b) });
  t.equal(withBody.status, 200, 'the documented {} body is accepted');
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', withBody);

  mock.services.clock.advance(400);
  const expired = await withToken(t, mock, 'verify', a);
  t.equal(expired.status, 401, 'the first token has expired after 15 minutes');
  t.match(expired.json, { errorCode: '20060', status: '401', message: /expired/ });
  t.equal((await withToken(t, mock, 'refresh', a)).status, 401, 'an expired token cannot be refreshed');
  t.equal((await withToken(t, mock, 'verify', b)).status, 200, 'the refreshed one restarted the clock');

  const out = await withToken(t, mock, 'logout', b);
  t.equal(out.status, 200);
  t.same(out.json, { result: true });
  t.equal((await withToken(t, mock, 'verify', b)).status, 401, 'logout ends the session');
  const c = (withBody.json as { access_token: string }).access_token;
  t.equal((await withToken(t, mock, 'refresh', c)).status, 401, 'every token of the session dies with it');
  t.equal((await withToken(t, mock, 'logout', b)).status, 401, 'logging out twice is refused');

  const again = await login(mock);
  t.equal(mock.services.sessions.revoke(String(claimsOf(again).sid), 'admin'), true);
  t.equal((await withToken(t, mock, 'refresh', again)).status, 401, 'an admin revocation ends the session');
});

t.test('non-rotating by default: concurrent refreshes of one token all succeed', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const token = await login(mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { headers: bearer(token) })),
  );
  t.same(
    replies.map((r) => r.status),
    Array(20).fill(200),
  );
  for (const reply of replies.slice(0, 2)) assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
});

t.test(
  'invalidateOldToken: only the newest token works, and one of 20 concurrent refreshes wins',
  async (t) => {
    const mock = mockApp(t, ['oracle-commerce'], {
      settings: { 'oracle-commerce.invalidateOldToken': 'true' },
    });
    const a = await login(mock);
    const refreshed = await withToken(t, mock, 'refresh', a);
    const b = (refreshed.json as { access_token: string }).access_token;
    const old = await withToken(t, mock, 'verify', a);
    t.equal(old.status, 401);
    t.match(old.json, { message: /replaced by a newer one/ });
    t.equal((await withToken(t, mock, 'verify', b)).status, 200);

    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { headers: bearer(b) })),
    );
    t.equal(replies.filter((r) => r.status === 200).length, 1, 'exactly one success');
    t.equal(replies.filter((r) => r.status === 401).length, 19, 'the rest are refused');
    for (const reply of replies) assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
  },
);

t.test('refreshTtl bounds how long one login can be kept alive', async (t) => {
  const mock = mockApp(t, ['oracle-commerce'], { refreshTtl: 1000 });
  const a = await login(mock);
  mock.services.clock.advance(600);
  const b = ((await withToken(t, mock, 'refresh', a)).json as { access_token: string }).access_token;
  mock.services.clock.advance(500);
  t.equal((await withToken(t, mock, 'verify', b)).status, 200, 'the token itself is still valid');
  const refused = await withToken(t, mock, 'refresh', b);
  t.equal(refused.status, 401);
  t.match(refused.json, { message: /maximum lifetime/ });
});

t.test("errors come in Oracle's two formats and carry nothing Oracle's examples do not", async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  // One problem: Oracle's standard format {message, status, errorCode}, in that order.
  const cases: [string, Record<string, string>, number, string, RegExp][] = [
    ['wrong password', { ...demo, password: 'nope' }, 401, '20300', /Invalid login credentials/],
    ['unknown user', { ...demo, username: 'nobody' }, 401, '20300', /Invalid login credentials/],
    ['other grant type', { ...demo, grant_type: 'client_credentials' }, 400, '28104', /client_credentials/],
    ['missing grant_type', { username: 'demo', password: 'demo' }, 400, '28103', /^grant_type is required/],
    ['missing username', { grant_type: 'password', password: 'demo' }, 400, '28103', /^username is/],
    ['empty password', { ...demo, password: '' }, 400, '28103', /^password is required/],
  ];
  for (const [name, form, status, errorCode, message] of cases) {
    const reply = await call(mock, 'POST', LOGIN, { form });
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
    t.same(
      Object.keys(reply.json as object),
      ['message', 'status', 'errorCode'],
      `${name}: the standard format`,
    );
    t.match(reply.json, { message, status: String(status), errorCode }, name);
  }

  // Several problems: the multiple-error format, whose top level has no errorCode.
  for (const [name, form, fields] of [
    ['empty form', {}, ['grant_type', 'username', 'password']],
    ['grant type only', { grant_type: 'password' }, ['username', 'password']],
  ] as const) {
    const reply = await call(mock, 'POST', LOGIN, { form });
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
    t.same(
      Object.keys(reply.json as object),
      ['message', 'errors', 'status'],
      `${name}: the multiple-error format`,
    );
    t.same(
      reply.json,
      {
        message: `The request is missing required parameters: ${fields.join(', ')}.`,
        errors: fields.map((f) => ({ message: `${f} is required.`, status: '400', errorCode: '28103' })),
        status: '400',
      },
      name,
    );
  }

  // Every other error too, including the mock's own (404, 405, a 5xx on demand).
  const others = [
    await call(mock, 'POST', REFRESH),
    await call(mock, 'POST', VERIFY, { headers: bearer('x') }),
    await call(mock, 'GET', LOGOUT),
    await call(mock, 'POST', '/ccstore/v1/elsewhere'),
    await call(mock, 'POST', LOGIN, { headers: { prefer: 'code=503' } }),
  ];
  for (const reply of others) {
    t.same(
      Object.keys(reply.json as object),
      ['message', 'status', 'errorCode'],
      `${reply.status}: standard format`,
    );
    t.equal(
      (reply.json as { status: unknown }).status,
      String(reply.status),
      `${reply.status}: status as a string`,
    );
  }
});

t.test('bad requests get a documented 4xx in the errorModel, never a crash', async (t) => {
  const mock = mockApp(t, ['oracle-commerce'], { maxBodyBytes: 256 });
  const token = await login(mock);
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, Parameters<typeof call>[3], number, string][] = [
    ['login as JSON', 'login', { json: demo }, 415, '82005'],
    ['login without content type', 'login', { body: 'grant_type=password' }, 415, '82005'],
    ['login as text', 'login', { body: 'x', headers: { 'content-type': 'text/plain' } }, 415, '82005'],
    ['login, oversized', 'login', { form: { ...demo, username: 'x'.repeat(1000) } }, 413, '82006'],
    [
      'refresh, malformed JSON',
      'refresh',
      { body: '{"a":', headers: { ...json, ...bearer(token) } },
      400,
      '82003',
    ],
    [
      'refresh, wrong content type',
      'refresh',
      { body: '{}', headers: { 'content-type': 'text/plain', ...bearer(token) } },
      415,
      '82005',
    ],
    ['refresh, array body', 'refresh', { json: [], headers: bearer(token) }, 400, '82002'],
    ['refresh, string body', 'refresh', { json: 'x', headers: bearer(token) }, 400, '82002'],
    [
      'refresh, oversized',
      'refresh',
      { json: { pad: 'x'.repeat(1000) }, headers: bearer(token) },
      413,
      '82006',
    ],
    ['refresh, no bearer', 'refresh', {}, 401, '20060'],
    ['refresh, garbage bearer', 'refresh', { headers: bearer('not-a-token') }, 401, '20060'],
    ['refresh, Basic scheme', 'refresh', { headers: { authorization: `Basic ${token}` } }, 401, '20060'],
    ['verify, forged signature', 'verify', { headers: bearer(`${token.slice(0, -4)}AAAA`) }, 401, '20060'],
    ['logout, no bearer', 'logout', {}, 401, '20060'],
  ];
  for (const [name, op, options, status, errorCode] of cases) {
    const reply = await call(mock, 'POST', PATHS[op] ?? '', options);
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'oracle-commerce', op, reply);
    t.match(reply.json, { errorCode, status: String(status) }, name);
    t.notMatch(reply.text, token, `${name}: the token is not echoed`);
  }
  const missing = await call(mock, 'POST', REFRESH);
  t.equal(missing.headers.get('www-authenticate'), 'Bearer realm="storefrontUI"');
  const invalid = await call(mock, 'POST', REFRESH, { headers: bearer('x') });
  t.match(invalid.headers.get('www-authenticate'), /error="invalid_token"/);
  t.equal(invalid.headers.get('cache-control'), 'no-store');
});

t.test("another profile's token is not a storefront token", async (t) => {
  const mock = mockApp(t, ['oracle-commerce', 'vcf']);
  const vcf = await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  const reply = await withToken(t, mock, 'refresh', foreign);
  t.equal(reply.status, 401);
  t.match(reply.json, { message: /not issued by this storefront/ });
});

t.test('any error status on demand, in the errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  // `default` documents every 4xx and 5xx of every operation.
  const expected: Readonly<Record<string, Readonly<Record<number, string>>>> = {
    login: { 400: '28103', 401: '20300' },
    refresh: { 400: '82002', 401: '20060' },
    verify: { 400: '82002', 401: '20060' },
    logout: { 400: '82002', 401: '20060' },
  };
  for (const op of Object.keys(PATHS)) {
    for (const status of [400, 401, 403, 404, 413, 429, 500, 503]) {
      const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: { prefer: `code=${status}` } });
      t.equal(reply.status, status, `${op} ${status}`);
      assertDocumented(t, mock, 'oracle-commerce', op, reply);
      t.match(reply.json, { status: String(status), message: /\S/ });
      const code = expected[op]?.[status];
      if (code) t.match(reply.json, { errorCode: code }, `${op} ${status} answers ${code}`);
    }
  }
  const tooMany = await call(mock, 'POST', VERIFY, { headers: { prefer: 'code=429' } });
  t.match(tooMany.headers.get('retry-after'), /^\d+$/);
  const byQuery = await call(mock, 'POST', `${REFRESH}?__code=503`);
  t.equal(byQuery.status, 503);
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', byQuery);
  for (const [op, errorCode, status] of [
    ['login', '20300', 401],
    ['verify', '20060', 401],
    ['login', '82006', 413],
    ['logout', '10000', 500],
  ] as const) {
    const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: { prefer: `error=${errorCode}` } });
    t.equal(reply.status, status, `error=${errorCode}`);
    assertDocumented(t, mock, 'oracle-commerce', op, reply);
    t.match(reply.json, { errorCode });
  }
  const unknown = await call(mock, 'POST', REFRESH, { headers: { prefer: 'error=99999' } });
  t.equal(unknown.status, 400);
  t.match(unknown.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE' });
});

t.test('wrong method and unknown paths answer in the errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  // 405 falls under refresh's documented `default` response.
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', wrongMethod);
  t.same(wrongMethod.json, {
    message: `Method not allowed; ${REFRESH} accepts POST`,
    status: '405',
    errorCode: '82405',
  });
  const unknown = await call(mock, 'POST', '/ccstore/v1/elsewhere');
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: '82404', status: '404', message: /elsewhere/ });
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const a = mockApp(t, ['oracle-commerce'], { clock: clock() });
  const b = mockApp(t, ['oracle-commerce'], { clock: clock() });
  const [ra, rb] = [
    await call(a, 'POST', LOGIN, { form: demo }),
    await call(b, 'POST', LOGIN, { form: demo }),
  ];
  t.equal(ra.status, 200);
  t.equal(ra.text, rb.text);
  const [ea, eb] = [
    await call(a, 'POST', REFRESH, { headers: bearer('x') }),
    await call(b, 'POST', REFRESH, { headers: bearer('x') }),
  ];
  t.equal(ea.text, eb.text, 'errors too');
  const c = mockApp(t, ['oracle-commerce'], { clock: clock(), seed: 1 });
  t.not((await call(c, 'POST', LOGIN, { form: demo })).text, ra.text, 'another seed, other tokens');
});

t.test("the request shapes Oracle's community clients send are accepted; others are not", async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const body = new URLSearchParams(demo).toString();
  const logins: [string, string, number][] = [
    ['form', 'application/x-www-form-urlencoded', 200],
    ['form with a charset', 'application/x-www-form-urlencoded; charset=UTF-8', 200],
    ['form, upper case, charset', 'Application/X-WWW-Form-Urlencoded;charset=utf-8', 200],
    ['JSON', 'application/json', 415],
    ['a type that only starts like a form', 'application/x-www-form-urlencoded-extra', 415],
  ];
  for (const [name, type, status] of logins) {
    const reply = await call(mock, 'POST', LOGIN, { body, headers: { 'content-type': type } });
    t.equal(reply.status, status, `login as ${name}`);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
  }

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const refreshes: [string, Parameters<typeof call>[3], number][] = [
    ['no body', {}, 200],
    ['an empty form body', { body: '', headers: form }, 200],
    ['{}', { json: {} }, 200],
    [
      '{} with a charset',
      { body: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } },
      200,
    ],
    ['a form body with fields', { body: 'a=b', headers: form }, 415],
    ['a JSON body that is not an object', { json: ['x'] }, 400],
  ];
  for (const [name, options, status] of refreshes) {
    const token = await login(mock);
    const reply = await call(mock, 'POST', REFRESH, {
      ...options,
      headers: { ...options?.headers, ...bearer(token) },
    });
    t.equal(reply.status, status, `refresh with ${name}`);
    assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
    if (status === 200) t.match(reply.json, { access_token: /\S/, token_type: 'bearer', expires_in: 900 });
  }
});

t.test('verify and logout refuse a missing, bad or expired bearer with 401 errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  for (const op of ['verify', 'logout'] as const) {
    const token = await login(mock);
    const bad: [string, Record<string, string>, RegExp][] = [
      ['no Authorization', {}, /required/],
      ['an empty bearer', { authorization: 'Bearer ' }, /required/],
      ['a garbage bearer', bearer('not-a-valid-token'), /malformed/],
      ['the token plus a character', bearer(`${token}x`), /signature|malformed/],
      ['the token under another scheme', { authorization: `Basic ${token}` }, /required/],
    ];
    for (const [name, headers, message] of bad) {
      const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers });
      t.equal(reply.status, 401, `${op}, ${name}`);
      assertDocumented(t, mock, 'oracle-commerce', op, reply);
      t.match(reply.json, { message, status: '401', errorCode: '20060' }, `${op}, ${name}`);
      t.notMatch(reply.text, token, `${op}, ${name}: the token is not echoed`);
    }
    // Each refusal above left the session alone: the token still works, then expires.
    t.equal((await withToken(t, mock, 'verify', token)).status, 200, `${op}: the good token still works`);
    mock.services.clock.advance(901);
    const expired = await withToken(t, mock, op, token);
    t.equal(expired.status, 401, `${op}, an expired bearer`);
    t.match(expired.json, { message: /expired/, status: '401', errorCode: '20060' });
  }
});
