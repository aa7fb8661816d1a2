import t from 'tap';
import { responseFor } from '../../schemas/load.js';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import type { MockApp } from '../app.js';
import { createClock } from '../core/clock.js';
import { KIRJASWAPPI_PRODUCTION_ORIGINS, KIRJASWAPPI_QUIRKS } from './quirks.js';

const LOGIN = '/api/v1/authenticate';
const REFRESH = '/api/v1/authenticate/refresh';
const demo = { username: 'demo', password: 'demo' };
const json = { 'content-type': 'application/json' };

/** Whatever test object the shared helpers take. */
type T = Parameters<typeof assertDocumented>[0];

interface Tokens {
  jwtToken: string;
  refreshToken: string;
}

async function login(mock: MockApp): Promise<Tokens> {
  const reply = await call(mock, 'POST', LOGIN, { json: demo });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.json as Tokens;
}

async function refresh(t: T, mock: MockApp, refreshToken: unknown): Promise<Reply> {
  const reply = await call(mock, 'POST', REFRESH, { json: { refreshToken } });
  assertDocumented(t, mock, 'kirjaswappi', 'refresh', reply);
  return reply;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

/** The same token with its last signature characters replaced: well formed, wrongly signed. */
function forge(token: string): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
}

t.test('tokens carry the vendor claims and nothing more; the refresh token never rotates', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const first = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(first.status, 200);
  assertDocumented(t, mock, 'kirjaswappi', 'login', first);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.headers.get('content-type'), /^application\/json/);
  const { jwtToken, refreshToken } = first.json as Tokens;
  const access = claimsOf(jwtToken);
  const refreshClaims = claimsOf(refreshToken);
  t.same(Object.keys(access).sort(), ['exp', 'iat', 'jwtToken', 'role', 'sub'], 'access: no jti, no sid');
  t.match(access, { sub: 'demo', role: 'ADMIN', jwtToken: true });
  t.equal(Number(access.exp) - Number(access.iat), 300, 'the access JWT lives 5 minutes');
  t.same(Object.keys(refreshClaims).sort(), ['exp', 'iat', 'jti', 'jwtToken', 'role', 'sub'], 'refresh');
  t.match(refreshClaims, { sub: 'demo', role: 'ADMIN', jwtToken: false, jti: /^[0-9a-f-]{36}$/ });
  t.equal(Number(refreshClaims.exp) - Number(refreshClaims.iat), 604_800, 'the refresh JWT lives 7 days');

  const issued: string[] = [];
  for (let i = 0; i < 3; i++) {
    mock.services.clock.advance(301);
    const reply = await refresh(t, mock, refreshToken);
    t.equal(reply.status, 200, 'the same refresh token works again');
    t.equal(reply.headers.get('cache-control'), 'no-store');
    t.same(Object.keys(reply.json as object), ['jwtToken'], 'a new access token only');
    issued.push((reply.json as { jwtToken: string }).jwtToken);
  }
  t.equal(new Set(issued).size, 3, 'access tokens signed in different seconds differ');
  const [again, twice] = [await refresh(t, mock, refreshToken), await refresh(t, mock, refreshToken)];
  t.equal(again.text, twice.text, 'two refreshes in the same second return the very same token');
  t.same(Object.keys(claimsOf((again.json as Tokens).jwtToken)).sort(), Object.keys(access).sort());
});

t.test('expiry, an admin revocation and a deleted user end a refresh token', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const { refreshToken } = await login(mock);
  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, refreshToken);
  t.equal(expired.status, 401, 'an expired refresh token is refused');
  t.match(expired.json, {
    error: {
      code: 'invalidJwtToken',
      message: 'Please provide a valid JWT token.',
      target: REFRESH,
      details: [
        { code: 'invalidJwtToken', message: /^JWT expired \d+ milliseconds ago at /, target: REFRESH },
      ],
    },
  });
  t.match(expired.text, /JWT expired \d+ milliseconds ago/);
  t.notMatch(expired.text, refreshToken, 'the token is not echoed');

  const second = await login(mock);
  const [session] = mock.services.sessions
    .list()
    .filter((s) => s.refreshTokens.includes(second.refreshToken));
  t.ok(
    session && mock.services.sessions.revoke(session.id, 'admin'),
    'the login is a session an admin can revoke',
  );
  const revoked = await refresh(t, mock, second.refreshToken);
  t.equal(revoked.status, 401);
  t.match(revoked.json, { error: { code: 'invalidJwtToken', details: [{ message: /revoked/ }] } });

  const third = await login(mock);
  mock.services.users.delete('demo');
  mock.services.sessions.revokeUser('demo');
  const gone = await refresh(t, mock, third.refreshToken);
  t.equal(gone.status, 404, 'a deleted user cannot refresh: the user is looked up before anything else');
  t.same(gone.json, {
    error: { code: 'userNotFound', message: 'User demo does not exist.', target: REFRESH },
  });
  const noLogin = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(noLogin.status, 404);
  assertDocumented(t, mock, 'kirjaswappi', 'login', noLogin);
});

t.test('non-rotating: 20 concurrent refreshes of one token all succeed', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const { refreshToken } = await login(mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { json: { refreshToken } })),
  );
  t.same(
    replies.map((r) => r.status),
    Array(20).fill(200),
  );
  for (const reply of replies.slice(0, 2)) assertDocumented(t, mock, 'kirjaswappi', 'refresh', reply);
});

t.test('the username is lowercased before the lookup', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const upper = await call(mock, 'POST', LOGIN, { json: { username: 'DEMO', password: 'demo' } });
  t.equal(upper.status, 200, 'DEMO logs in as demo');
  t.equal(claimsOf((upper.json as Tokens).jwtToken).sub, 'demo');
  const mixed = await call(mock, 'POST', LOGIN, { json: { username: 'NoBody', password: 'demo' } });
  t.equal(mixed.status, 404);
  t.same(mixed.json, {
    error: { code: 'userNotFound', message: 'User nobody does not exist.', target: LOGIN },
  });
  mock.services.users.add('Capital', 'pw');
  const stored = await call(mock, 'POST', LOGIN, { json: { username: 'Capital', password: 'pw' } });
  t.equal(stored.status, 404, 'a stored name with capitals is never found, as at the vendor');
});

t.test('login errors: the vendor codes, messages, targets and no details', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const cases: [string, unknown, number, Record<string, unknown>][] = [
    [
      'missing username',
      { password: 'demo' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'null username',
      { username: null, password: 'demo' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'blank username',
      { username: '  ', password: '' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'missing password',
      { username: 'demo' },
      400,
      { code: 'passwordCannotBeBlank', message: 'Please provide password.', target: LOGIN },
    ],
    [
      'blank password',
      { username: 'demo', password: ' ' },
      400,
      { code: 'passwordCannotBeBlank', message: 'Please provide password.', target: LOGIN },
    ],
    [
      'empty object',
      {},
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'unknown user',
      { username: 'nobody', password: 'demo' },
      404,
      { code: 'userNotFound', message: 'User nobody does not exist.', target: LOGIN },
    ],
    [
      'wrong password',
      { username: 'demo', password: 'nope' },
      401,
      { code: 'invalidCredentials', message: 'Please provide valid credentials.', target: LOGIN },
    ],
    [
      'a number, bound as its text',
      { username: 5, password: 'demo' },
      404,
      { code: 'userNotFound', message: 'User 5 does not exist.', target: LOGIN },
    ],
    [
      'an object where a string belongs',
      { username: { name: 'demo' }, password: 'demo' },
      400,
      { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' },
    ],
    ['an array body', [], 400, { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' }],
  ];
  for (const [name, body, status, error] of cases) {
    const reply = await call(mock, 'POST', LOGIN, { json: body });
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'kirjaswappi', 'login', reply);
    t.same(reply.json, { error }, `${name}: exactly the vendor's error`);
  }
  const wrong = await call(mock, 'POST', LOGIN, { json: { username: 'demo', password: 'nope' } });
  t.notMatch(wrong.text, 'nope', 'the password is not echoed');
});

t.test('refresh errors: what is not a refresh token, and what cannot be parsed', async (t) => {
  const mock = mockApp(t, ['kirjaswappi', 'vcf']);
  const { jwtToken, refreshToken } = await login(mock);
  const vcf = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  // Signed with the mock's key a week and a second ago: well formed and well signed, but expired.
  const claims = claimsOf(refreshToken);
  const expiredToken = mock.services.jwt.sign({
    ...claims,
    sub: String(claims.sub),
    jti: String(claims.jti),
    iat: Number(claims.iat) - 604_801,
    exp: Number(claims.exp) - 604_801,
  });
  const invalidJwt = (detail: RegExp) => ({
    code: 'invalidJwtToken',
    message: 'Please provide a valid JWT token.',
    target: REFRESH,
    details: [{ code: 'invalidJwtToken', message: detail, target: REFRESH }],
  });
  const cases: [string, unknown, number, Record<string, unknown>][] = [
    [
      'the access token',
      jwtToken,
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    [
      'not a JWT',
      'garbage',
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    [
      'a number, bound as its text',
      42,
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    ['an expired one', expiredToken, 401, invalidJwt(/^JWT expired \d+ milliseconds ago/)],
    ['a forged signature', forge(refreshToken), 401, invalidJwt(/^JWT signature does not match/)],
    ["another profile's token", foreign, 401, invalidJwt(/^JWT signature does not match/)],
    ['blank', '  ', 400, { code: 'invalidArgument', message: 'Invalid request argument' }],
    ['null', null, 400, { code: 'invalidArgument', message: 'Invalid request argument' }],
    [
      'an object',
      { token: refreshToken },
      400,
      { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' },
    ],
  ];
  for (const [name, token, status, error] of cases) {
    const reply = await refresh(t, mock, token);
    t.equal(reply.status, status, name);
    t.match(reply.json, { error }, name);
    t.same(
      Object.keys((reply.json as { error: object }).error).sort(),
      Object.keys(error).sort(),
      `${name}: no other member`,
    );
    t.notMatch(reply.text, refreshToken, `${name}: the refresh token is not echoed`);
    t.notMatch(reply.text, jwtToken, `${name}: the access token is not echoed`);
  }
  t.equal((await refresh(t, mock, refreshToken)).status, 200, 'the real one still works');
});

t.test('bad requests get a documented 400 in the envelope, never a crash', async (t) => {
  // Room for a refresh token (about 300 bytes), not for the oversized bodies below.
  const mock = mockApp(t, ['kirjaswappi'], { maxBodyBytes: 1024 });
  const { refreshToken } = await login(mock);
  const unreadable = { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' };
  const cases: [string, string, Parameters<typeof call>[3], Record<string, unknown>][] = [
    ['login, malformed JSON', LOGIN, { body: '{"username":', headers: json }, unreadable],
    ['login, empty body', LOGIN, { body: '', headers: json }, unreadable],
    ['login, null body', LOGIN, { body: 'null', headers: json }, unreadable],
    ['login, form body', LOGIN, { form: demo }, { code: 'unsupportedContentType' }],
    ['login, no content type', LOGIN, { body: '{}' }, { code: 'unsupportedContentType' }],
    [
      'login, oversized',
      LOGIN,
      { json: { username: 'x'.repeat(5000), password: 'y' } },
      { code: 'payloadTooLarge' },
    ],
    [
      'refresh, malformed JSON',
      REFRESH,
      { body: `{"refreshToken": ${refreshToken}}`, headers: json },
      unreadable,
    ],
    ['refresh, empty body', REFRESH, { body: '', headers: json }, unreadable],
    [
      'refresh, missing field',
      REFRESH,
      { json: {} },
      { code: 'invalidArgument', message: 'Invalid request argument' },
    ],
    ['refresh, string body', REFRESH, { json: refreshToken }, unreadable],
    [
      'refresh, text/plain',
      REFRESH,
      { body: JSON.stringify({ refreshToken }), headers: { 'content-type': 'text/plain' } },
      { code: 'unsupportedContentType' },
    ],
    [
      'refresh, oversized',
      REFRESH,
      { json: { refreshToken: 'x'.repeat(5000) } },
      { code: 'payloadTooLarge' },
    ],
  ];
  for (const [name, path, options, error] of cases) {
    const reply = await call(mock, 'POST', path, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'kirjaswappi', path === LOGIN ? 'login' : 'refresh', reply);
    t.match(reply.json, { error }, name);
    const members = Object.keys((reply.json as { error: object }).error);
    t.same(members, ['code', 'message'], `${name}: a handler's error, no target and no details`);
    t.notMatch(reply.text, refreshToken, `${name}: the token is not echoed`);
  }
});

t.test('every documented error status on demand, in the KirjaSwappi envelope', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const cases: [string, string, Record<number, string>][] = [
    ['login', LOGIN, { 400: 'usernameCannotBeBlank', 401: 'invalidCredentials', 404: 'userNotFound' }],
    [
      'refresh',
      REFRESH,
      { 400: 'invalidRefreshToken', 401: 'invalidJwtToken', 404: 'userNotFound', 500: 'internalServerError' },
    ],
  ];
  for (const [op, path, codes] of cases) {
    for (const [status, code] of Object.entries(codes)) {
      const reply = await call(mock, 'POST', path, { json: {}, headers: { prefer: `code=${status}` } });
      t.equal(reply.status, Number(status), `${op} ${status}`);
      assertDocumented(t, mock, 'kirjaswappi', op, reply);
      const target = code === 'internalServerError' ? {} : { target: path };
      t.match(reply.json, { error: { code, message: String, ...target } }, `${op} ${status} answers ${code}`);
    }
  }
  const byQuery = await call(mock, 'POST', `${REFRESH}?__code=500`, { json: {} });
  t.equal(byQuery.status, 500);
  assertDocumented(t, mock, 'kirjaswappi', 'refresh', byQuery);
  t.same(byQuery.json, {
    error: { code: 'internalServerError', message: 'An unexpected error occurred. Please try again later.' },
  });
  for (const [op, path, code, status] of [
    ['refresh', REFRESH, 'invalidRefreshToken', 400],
    ['login', LOGIN, 'passwordCannotBeBlank', 400],
    ['login', LOGIN, 'userNotFound', 404],
    ['refresh', REFRESH, 'invalidJwtToken', 401],
  ] as const) {
    const reply = await call(mock, 'POST', path, { json: {}, headers: { prefer: `error=${code}` } });
    t.equal(reply.status, status, `error=${code}`);
    assertDocumented(t, mock, 'kirjaswappi', op, reply);
    t.match(reply.json, { error: { code } });
  }
  const undocumented = await call(mock, 'POST', LOGIN, { json: {}, headers: { prefer: 'code=500' } });
  t.equal(undocumented.status, 400, 'login documents no 500: refused, in the envelope');
  assertDocumented(t, mock, 'kirjaswappi', 'login', undocumented);
  t.match(undocumented.json, {
    error: { code: 'TOKENRIG_INVALID_DIRECTIVE', message: /500 is not documented/ },
  });
});

t.test('wrong method and unknown paths answer in the envelope', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const refreshOp = mock.contracts.get('kirjaswappi')?.operations.get('refresh');
  const errorSchema = refreshOp && responseFor(refreshOp, 400)?.validate;
  if (!errorSchema) throw new Error('no error schema in the kirjaswappi contract');
  for (const path of [LOGIN, REFRESH]) {
    const reply = await call(mock, 'GET', path);
    t.equal(reply.status, 405, `GET ${path}`);
    t.equal(reply.headers.get('allow'), 'POST');
    t.ok(errorSchema(reply.json), 'the body is a KirjaSwappi ErrorResponse');
    t.match(reply.json, { error: { code: 'methodNotAllowed' } });
  }
  const unknown = await call(mock, 'POST', `${LOGIN}/elsewhere`, { json: {} });
  t.equal(unknown.status, 404);
  t.ok(errorSchema(unknown.json), 'the body is a KirjaSwappi ErrorResponse');
  t.match(unknown.json, { error: { code: 'pathNotFound', target: `${LOGIN}/elsewhere` } });
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const a = mockApp(t, ['kirjaswappi'], { clock: clock() });
  const b = mockApp(t, ['kirjaswappi'], { clock: clock() });
  const [ra, rb] = [
    await call(a, 'POST', LOGIN, { json: demo }),
    await call(b, 'POST', LOGIN, { json: demo }),
  ];
  t.equal(ra.status, 200);
  t.equal(ra.text, rb.text);
  const { refreshToken } = ra.json as Tokens;
  const [fa, fb] = [
    await call(a, 'POST', REFRESH, { json: { refreshToken } }),
    await call(b, 'POST', REFRESH, { json: { refreshToken } }),
  ];
  t.equal(fa.status, 200);
  t.equal(fa.text, fb.text, 'refreshes too');
  const c = mockApp(t, ['kirjaswappi'], { clock: clock(), seed: 1 });
  t.not((await call(c, 'POST', LOGIN, { json: demo })).text, ra.text, 'another seed, other tokens');
});

// ------------------------------------------------------------------ quirks

t.test('the quirks: four, each with evidence in the vendor repository', async (t) => {
  t.same(
    KIRJASWAPPI_QUIRKS.map((q) => q.id),
    ['malformed-token-500', 'framework-415', 'stale-bearer-401', 'cors-allowlist'],
  );
  for (const quirk of KIRJASWAPPI_QUIRKS) {
    t.ok(quirk.summary.length > 0 && quirk.breaks.length > 0, `${quirk.id}: summary and what it breaks`);
    t.ok(quirk.evidence.length > 0, `${quirk.id}: has evidence`);
    for (const e of quirk.evidence) {
      t.equal(e.repository, 'KirjaSwappi/kirjaswappi-backend', `${quirk.id}: the vendor's backend`);
      t.match(e.file, /^src\/main\/(java\/com\/kirjaswappi\/backend\/.+\.java|resources\/.+\.yaml)$/);
    }
  }
  t.same(KIRJASWAPPI_PRODUCTION_ORIGINS, [
    'https://kirjaswappi.fi',
    'https://www.kirjaswappi.fi',
    'https://canary.kirjaswappi.fi',
  ]);
  const mock = mockApp(t, ['kirjaswappi']);
  t.same(mock.services.quirks.enabled(), [], 'every quirk is off by default');
});
/** A refresh whose answer may be a quirk's, outside the documented contract: not checked against it. */
function refreshRaw(mock: MockApp, refreshToken: unknown): Promise<Reply> {
  return call(mock, 'POST', REFRESH, { json: { refreshToken } });
}

/** Whether a body is a documented KirjaSwappi error of the operation at that status. */
function documentedError(mock: MockApp, operation: string, status: number, body: unknown): boolean {
  const op = mock.contracts.get('kirjaswappi')?.operations.get(operation);
  const validate = op && responseFor(op, status)?.validate;
  if (!validate) throw new Error(`no schema for kirjaswappi ${operation} ${status}`);
  return validate(body);
}

/** Spring Boot's default error body (DefaultErrorAttributes with include-message: never). */
function springDefault(t: T, reply: Reply, status: number, error: string, path: string): void {
  t.equal(reply.status, status);
  t.match(reply.headers.get('content-type'), /^application\/json/);
  t.same(Object.keys(reply.json as object), ['timestamp', 'status', 'error', 'path']);
  t.match(reply.json, { timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/, status, error, path });
}

t.test('malformed-token-500: what jjwt cannot parse is a 500 with Spring’s default body', async (t) => {
  const plain = mockApp(t, ['kirjaswappi', 'vcf']);
  const quirky = mockApp(t, ['kirjaswappi', 'vcf'], { quirks: ['kirjaswappi.malformed-token-500'] });
  const [a, b] = [await login(plain), await login(quirky)];
  const vcf = await call(quirky, 'POST', '/v1/tokens', { json: demo });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  for (const [name, token] of [
    ['garbage', 'garbage'],
    ['tampered', `${b.refreshToken}x`],
    ['wrongly signed', forge(b.refreshToken)],
    ["another profile's token", foreign],
  ] as const) {
    const off = await refresh(t, plain, name === 'tampered' ? `${a.refreshToken}x` : token);
    t.equal(off.status, name === 'garbage' ? 400 : 401, `${name}, quirk off: a documented 4xx`);
    const on = await refreshRaw(quirky, token);
    springDefault(t, on, 500, 'Internal Server Error', REFRESH);
    t.notOk(documentedError(quirky, 'refresh', 500, on.json), `${name}: outside the documented envelope`);
    t.notMatch(on.text, b.refreshToken, `${name}: the token is not echoed`);
  }
  t.equal((await refresh(t, quirky, b.jwtToken)).status, 400, 'a parseable access token: still 400');
  t.equal((await refresh(t, quirky, '')).status, 400, 'a blank one: still invalidArgument');
  t.equal((await refresh(t, quirky, b.refreshToken)).status, 200, 'a good one still refreshes');
  quirky.services.clock.advance(604_800);
  plain.services.clock.advance(604_800);
  t.equal((await refresh(t, plain, a.refreshToken)).status, 401, 'expired, quirk off: 401');
  springDefault(t, await refreshRaw(quirky, b.refreshToken), 500, 'Internal Server Error', REFRESH);
});

t.test('framework-415: a body that is not JSON gets Spring’s 415 and Accept-Post', async (t) => {
  const plain = mockApp(t, ['kirjaswappi']);
  const quirky = mockApp(t, ['kirjaswappi'], { quirks: ['kirjaswappi.framework-415'] });
  for (const [path, options] of [
    [LOGIN, { form: demo }],
    [LOGIN, { body: JSON.stringify(demo), headers: { 'content-type': 'text/plain' } }],
    [REFRESH, { body: '{"refreshToken":"x"}' }],
  ] as const) {
    const off = await call(plain, 'POST', path, options);
    t.equal(off.status, 400, 'quirk off: the documented 400');
    t.match(off.json, { error: { code: 'unsupportedContentType' } });
    const on = await call(quirky, 'POST', path, options);
    springDefault(t, on, 415, 'Unsupported Media Type', path);
    t.equal(on.headers.get('accept-post'), 'application/json, application/*+json');
  }
  const broken = await call(quirky, 'POST', LOGIN, { body: '{', headers: json });
  t.equal(broken.status, 400, 'JSON that does not parse is still the vendor’s own 400');
  t.match(broken.json, { error: { code: 'invalidJsonPayload' } });
});

t.test('stale-bearer-401: a bad bearer is refused before any operation, unwrapped', async (t) => {
  const plain = mockApp(t, ['kirjaswappi']);
  const quirky = mockApp(t, ['kirjaswappi'], { quirks: ['kirjaswappi.stale-bearer-401'] });
  const tokens = await login(quirky);
  const bearer = (token: string) => ({ json: demo, headers: { authorization: `Bearer ${token}` } });

  const off = await call(plain, 'POST', LOGIN, bearer('garbage'));
  t.equal(off.status, 200, 'quirk off: the bearer is ignored, the credentials are in the body');

  const expect401 = async (reply: Reply, path: string, detail: RegExp) => {
    t.equal(reply.status, 401);
    t.same(
      Object.keys(reply.json as object),
      ['code', 'message', 'target', 'details'],
      'no {error: …} wrapper',
    );
    t.match(reply.json, {
      code: 'invalidJwtToken',
      message: 'Please provide a valid JWT token.',
      target: path,
      details: [{ code: 'invalidJwtToken', message: detail, target: path }],
    });
  };
  await expect401(await call(quirky, 'POST', LOGIN, bearer('garbage')), LOGIN, /^Invalid compact JWT string/);
  await expect401(
    await call(quirky, 'POST', LOGIN, bearer(forge(tokens.jwtToken))),
    LOGIN,
    /^JWT signature does not match/,
  );
  await expect401(
    await call(quirky, 'POST', REFRESH, {
      json: { refreshToken: tokens.refreshToken },
      headers: { authorization: `Bearer ${tokens.refreshToken}` },
    }),
    REFRESH,
    /^Invalid or expired admin token$/,
  );
  const get = await call(quirky, 'GET', REFRESH, { headers: { authorization: 'Bearer garbage' } });
  await expect401(get, REFRESH, /Found: 0/);
  await expect401(
    await call(quirky, 'POST', `${LOGIN}/elsewhere`, bearer('garbage')),
    `${LOGIN}/elsewhere`,
    /Found: 0/,
  );
  const journaled = quirky.journal.entries().find((e) => e.path === LOGIN && e.status === 401);
  t.match(journaled, { profile: 'kirjaswappi', operation: 'login' }, 'journaled as the operation’s answer');

  t.equal(
    (await call(quirky, 'POST', LOGIN, bearer(tokens.jwtToken))).status,
    200,
    'a valid access token passes',
  );
  t.equal((await call(quirky, 'POST', LOGIN, { json: demo })).status, 200, 'no header passes');
  const basic = { json: demo, headers: { authorization: 'Basic ZGVtbzpkZW1v' } };
  t.equal((await call(quirky, 'POST', LOGIN, basic)).status, 200, 'another scheme passes');
  const empty = { json: demo, headers: { authorization: 'Bearer ' } };
  t.equal((await call(quirky, 'POST', LOGIN, empty)).status, 200, 'an empty bearer passes');
  quirky.services.users.add('leaver', 'pw');
  const leaver = await call(quirky, 'POST', LOGIN, { json: { username: 'leaver', password: 'pw' } });
  quirky.services.users.delete('leaver');
  const orphan = (leaver.json as Tokens).jwtToken;
  await expect401(
    await call(quirky, 'POST', LOGIN, bearer(orphan)),
    LOGIN,
    /^Invalid or expired admin token$/,
  );
  quirky.services.clock.advance(301);
  await expect401(
    await call(quirky, 'POST', LOGIN, bearer(tokens.jwtToken)),
    LOGIN,
    /^JWT expired \d+ milliseconds ago/,
  );
});

t.test('the quirks switch at run time, through the admin API too', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const { refreshToken } = await login(mock);
  t.equal((await refresh(t, mock, `${refreshToken}x`)).status, 401, 'off at start');
  mock.services.quirks.set(['kirjaswappi.malformed-token-500'], true);
  t.equal((await refreshRaw(mock, `${refreshToken}x`)).status, 500, 'on');
  mock.services.quirks.set(['kirjaswappi.malformed-token-500'], false);
  t.equal((await refresh(t, mock, `${refreshToken}x`)).status, 401, 'off again');

  const text = { body: JSON.stringify(demo), headers: { 'content-type': 'text/plain' } };
  const stale = { json: demo, headers: { authorization: 'Bearer garbage' } };
  t.equal((await call(mock, 'POST', LOGIN, text)).status, 400);
  t.equal((await call(mock, 'POST', LOGIN, stale)).status, 200);
  const on = await mock.app.request('/__admin/quirks/kirjaswappi.all', { method: 'PUT' });
  t.equal(on.status, 200);
  t.equal((await call(mock, 'POST', LOGIN, text)).status, 415, 'framework-415 switched on');
  t.equal((await call(mock, 'POST', LOGIN, stale)).status, 401, 'stale-bearer-401 switched on');
  t.equal((await refreshRaw(mock, `${refreshToken}x`)).status, 500, 'malformed-token-500 switched on');
  const off = await mock.app.request('/__admin/quirks', { method: 'DELETE' });
  t.equal(off.status, 200);
  t.equal((await call(mock, 'POST', LOGIN, stale)).status, 200, 'all off again');
});

t.test('cors-allowlist: CORS for the production origins only, as Spring refuses the rest', async (t) => {
  const plain = mockApp(t, ['kirjaswappi']);
  const quirky = mockApp(t, ['kirjaswappi'], { quirks: ['kirjaswappi.cors-allowlist'] });
  const from = (origin: string) => ({ json: demo, headers: { origin } });
  const local = await call(plain, 'POST', LOGIN, from('http://localhost:5173'));
  t.equal(local.status, 200, 'quirk off: any origin');
  t.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:5173');

  const refused = await call(quirky, 'POST', LOGIN, from('http://localhost:5173'));
  t.equal(refused.status, 403);
  t.equal(refused.text, 'Invalid CORS request');
  t.equal(refused.headers.get('access-control-allow-origin'), null);
  const preflight = await quirky.app.request(LOGIN, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
  });
  t.equal(preflight.status, 403, 'the preflight is refused too');
  for (const origin of KIRJASWAPPI_PRODUCTION_ORIGINS) {
    const allowed = await call(quirky, 'POST', LOGIN, from(origin));
    t.equal(allowed.status, 200, origin);
    t.equal(allowed.headers.get('access-control-allow-origin'), origin);
  }
  t.equal((await call(quirky, 'POST', LOGIN, { json: demo })).status, 200, 'no Origin: not a CORS request');
  quirky.services.quirks.set(['kirjaswappi.cors-allowlist'], false);
  t.equal((await call(quirky, 'POST', LOGIN, from('http://localhost:5173'))).status, 200, 'switched off');
});
