import t from 'tap';
import { responseFor } from '../../schemas/load.js';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import type { MockApp } from '../app.js';
import { createClock } from '../core/clock.js';

const LOGIN = '/api/v1/authenticate';
const REFRESH = '/api/v1/authenticate/refresh';
const demo = { username: 'demo', password: 'demo' };

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

t.test('lifecycle: login, reusable refresh token, expiry, revocation, deleted user', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const first = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(first.status, 200);
  assertDocumented(t, mock, 'kirjaswappi', 'login', first);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.headers.get('content-type'), /^application\/json/);
  const { jwtToken, refreshToken } = first.json as Tokens;
  const access = claimsOf(jwtToken);
  const refreshClaims = claimsOf(refreshToken);
  t.match(access, { sub: 'demo', role: 'ADMIN', jwtToken: true });
  t.equal(Number(access.exp) - Number(access.iat), 300, 'the access JWT lives 5 minutes');
  t.match(refreshClaims, { sub: 'demo', typ: 'refresh', jwtToken: false });
  t.equal(Number(refreshClaims.exp) - Number(refreshClaims.iat), 604_800, 'the refresh JWT lives 7 days');

  // No rotation: the same refresh token works again and again.
  const issued = new Set<string>();
  for (let i = 0; i < 3; i++) {
    mock.services.clock.advance(301);
    const reply = await refresh(t, mock, refreshToken);
    t.equal(reply.status, 200);
    t.equal(reply.headers.get('cache-control'), 'no-store');
    t.same(Object.keys(reply.json as object), ['jwtToken'], 'a new access token only');
    issued.add((reply.json as { jwtToken: string }).jwtToken);
  }
  t.equal(issued.size, 3, 'each refresh signs a new access token');

  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, refreshToken);
  t.equal(expired.status, 401, 'an expired refresh token is refused');
  t.match(expired.json, { error: { code: 'invalidJwtToken', message: /expired/, target: REFRESH } });
  t.notMatch(expired.text, refreshToken, 'the token is not echoed');

  const second = await login(mock);
  t.ok(mock.services.sessions.revoke(String(claimsOf(second.refreshToken).sid), 'admin'));
  const revoked = await refresh(t, mock, second.refreshToken);
  t.equal(revoked.status, 401);
  t.match(revoked.json, { error: { code: 'invalidJwtToken', message: /revoked/ } });

  const third = await login(mock);
  mock.services.users.delete('demo');
  mock.services.sessions.revokeUser('demo');
  const gone = await refresh(t, mock, third.refreshToken);
  t.equal(gone.status, 404, 'a deleted user cannot refresh');
  t.match(gone.json, { error: { code: 'userNotFound', message: 'User demo does not exist.' } });
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

t.test('login errors, with the vendor codes', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const cases: [string, unknown, number, string, string?][] = [
    ['missing username', { password: 'demo' }, 400, 'usernameCannotBeBlank', 'username'],
    ['blank username', { username: '  ', password: 'demo' }, 400, 'usernameCannotBeBlank', 'username'],
    ['missing password', { username: 'demo' }, 400, 'passwordCannotBeBlank', 'password'],
    ['empty password', { username: 'demo', password: '' }, 400, 'passwordCannotBeBlank', 'password'],
    ['empty object', {}, 400, 'usernameCannotBeBlank', 'username'],
    ['unknown user', { username: 'nobody', password: 'demo' }, 404, 'userNotFound'],
    ['wrong password', { username: 'demo', password: 'nope' }, 401, 'invalidCredentials'],
    ['mistyped username', { username: 5, password: 'demo' }, 400, 'invalidArgument', 'username'],
    ['array body', [], 400, 'invalidArgument'],
  ];
  for (const [name, json, status, code, field] of cases) {
    const reply = await call(mock, 'POST', LOGIN, { json });
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'kirjaswappi', 'login', reply);
    t.match(reply.json, { error: { code, message: String, target: LOGIN } }, name);
    if (field) t.match(reply.json, { error: { details: [{ target: field }] } }, `${name}: names ${field}`);
  }
  const unknown = await call(mock, 'POST', LOGIN, { json: { username: 'nobody', password: 'x' } });
  t.match(unknown.json, { error: { message: 'User nobody does not exist.' } });
});

t.test('refresh errors: what is not a refresh token, and what is no longer one', async (t) => {
  const mock = mockApp(t, ['kirjaswappi', 'vcf']);
  const { jwtToken, refreshToken } = await login(mock);
  const [header = '', payload = '', signature = ''] = refreshToken.split('.');
  const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
  const vcf = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  const cases: [string, unknown, number, string][] = [
    ['the access token', jwtToken, 400, 'invalidRefreshToken'],
    ['not a JWT', 'garbage', 400, 'invalidRefreshToken'],
    ['a forged signature', forged, 401, 'invalidJwtToken'],
    ["another profile's token", foreign, 401, 'invalidJwtToken'],
    ['blank', '', 400, 'invalidArgument'],
    ['a number', 42, 400, 'invalidArgument'],
  ];
  for (const [name, token, status, code] of cases) {
    const reply = await refresh(t, mock, token);
    t.equal(reply.status, status, name);
    t.match(reply.json, { error: { code, message: String, target: REFRESH } }, name);
    if (typeof token === 'string' && token !== '') t.notMatch(reply.text, token, `${name}: not echoed`);
  }
  const invalid = await refresh(t, mock, jwtToken);
  t.match(invalid.json, { error: { message: 'Please provide a valid refresh token.' } });
  t.equal((await refresh(t, mock, refreshToken)).status, 200, 'the real one still works');
});

t.test('bad requests get a documented 400 in the envelope, never a crash', async (t) => {
  // Room for a refresh token (about 350 bytes), not for the oversized bodies below.
  const mock = mockApp(t, ['kirjaswappi'], { maxBodyBytes: 1024 });
  const { refreshToken } = await login(mock);
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, Parameters<typeof call>[3], string][] = [
    ['login, malformed JSON', 'login', { body: '{"username":', headers: json }, 'invalidJsonPayload'],
    ['login, empty body', 'login', { body: '', headers: json }, 'invalidJsonPayload'],
    ['login, form body', 'login', { form: demo }, 'unsupportedContentType'],
    ['login, no content type', 'login', { body: '{}' }, 'unsupportedContentType'],
    ['login, oversized', 'login', { json: { username: 'x'.repeat(5000), password: 'y' } }, 'payloadTooLarge'],
    [
      'refresh, malformed JSON',
      'refresh',
      { body: `{"refreshToken": ${refreshToken}}`, headers: json },
      'invalidJsonPayload',
    ],
    ['refresh, empty body', 'refresh', { body: '', headers: json }, 'invalidJsonPayload'],
    ['refresh, missing field', 'refresh', { json: {} }, 'invalidArgument'],
    ['refresh, null field', 'refresh', { json: { refreshToken: null } }, 'invalidArgument'],
    ['refresh, string body', 'refresh', { json: refreshToken }, 'invalidArgument'],
    [
      'refresh, text/plain',
      'refresh',
      { body: JSON.stringify({ refreshToken }), headers: { 'content-type': 'text/plain' } },
      'unsupportedContentType',
    ],
    ['refresh, oversized', 'refresh', { json: { refreshToken: 'x'.repeat(5000) } }, 'payloadTooLarge'],
  ];
  for (const [name, op, options, code] of cases) {
    const reply = await call(mock, 'POST', op === 'login' ? LOGIN : REFRESH, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'kirjaswappi', op, reply);
    t.match(reply.json, { error: { code, message: String } }, name);
    t.notMatch(reply.text, refreshToken, `${name}: the token is not echoed`);
  }
  const missing = await call(mock, 'POST', REFRESH, { json: {} });
  t.match(missing.json, { error: { details: [{ code: 'invalidField', target: 'refreshToken' }] } });
  const malformed = await call(mock, 'POST', REFRESH, { body: '{', headers: json });
  t.match(malformed.json, { error: { message: 'Request body contains invalid JSON' } });
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
      t.match(
        reply.json,
        { error: { code, message: String, target: path } },
        `${op} ${status} answers ${code}`,
      );
    }
  }
  const byQuery = await call(mock, 'POST', `${REFRESH}?__code=500`, { json: {} });
  t.equal(byQuery.status, 500);
  assertDocumented(t, mock, 'kirjaswappi', 'refresh', byQuery);
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
    t.match(reply.json, { error: { code: 'methodNotAllowed', target: path } });
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
