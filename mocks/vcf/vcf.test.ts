import t from 'tap';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import type { MockApp } from '../app.js';
import { createClock } from '../core/clock.js';
import { SettingsError } from '../core/settings.js';

const LOGIN = '/v1/tokens';
const REFRESH = '/v1/tokens/access-token/refresh';
const REVOKE = '/v1/tokens/refresh-token';
const demo = { username: 'demo', password: 'demo' };

interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: { readonly id: string };
}

/** The TokenPair of a login answer, read member by member: a body that is not one fails loudly. */
function pairOf(reply: Reply): TokenPair {
  const body = reply.json;
  if (
    typeof body === 'object' &&
    body !== null &&
    'accessToken' in body &&
    typeof body.accessToken === 'string' &&
    'refreshToken' in body &&
    typeof body.refreshToken === 'object' &&
    body.refreshToken !== null &&
    'id' in body.refreshToken &&
    typeof body.refreshToken.id === 'string'
  ) {
    return { accessToken: body.accessToken, refreshToken: { id: body.refreshToken.id } };
  }
  throw new Error(`not a TokenPair (${reply.status}): ${reply.text}`);
}

const logIn = async (mock: MockApp): Promise<TokenPair> =>
  pairOf(await call(mock, 'POST', LOGIN, { json: demo }));

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A compact JWS as an identity provider would issue it; the signature is never checked, only present. */
const jws = (claims: unknown, header: unknown = { alg: 'RS256', typ: 'JWT' }, signature = 'c2lnbmF0dXJl') =>
  `${part(header)}.${part(claims)}.${signature}`;

t.test('lifecycle: login, reusable refresh, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const login = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(login.status, 200);
  assertDocumented(t, mock, 'vcf', 'login', login);
  t.equal(login.headers.get('cache-control'), 'no-store');
  const { accessToken, refreshToken } = pairOf(login);
  t.match(refreshToken.id, /^[0-9a-f-]{36}$/, 'refresh token id is a UUID');
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  t.match(claims, { iss: 'vcf-auth', aud: 'sddc-services', sub: 'demo' });
  t.equal(claims.exp - claims.iat, 3600);
  t.type(claims.jti, 'string');

  // No rotation: the same id refreshes again and again.
  const tokens = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const refreshed = await call(mock, 'PATCH', REFRESH, { json: refreshToken.id });
    t.equal(refreshed.status, 200);
    assertDocumented(t, mock, 'vcf', 'refresh', refreshed);
    tokens.add(refreshed.text);
  }
  t.equal(tokens.size, 3, 'each refresh signs a new access token');

  mock.services.clock.advance(86_400);
  const expired = await call(mock, 'PATCH', REFRESH, { json: refreshToken.id });
  t.equal(expired.status, 404, 'an expired refresh token reads as not found');
  assertDocumented(t, mock, 'vcf', 'refresh', expired);

  const again = await logIn(mock);
  const revoked = await call(mock, 'DELETE', REVOKE, { json: again.refreshToken.id });
  t.equal(revoked.status, 204);
  assertDocumented(t, mock, 'vcf', 'revoke', revoked);
  const afterRevoke = await call(mock, 'PATCH', REFRESH, { json: again.refreshToken.id });
  t.equal(afterRevoke.status, 404);
  t.match(afterRevoke.json, { errorCode: 'VCF_REFRESH_TOKEN_NOT_FOUND' });
  const revokeTwice = await call(mock, 'DELETE', REVOKE, { json: again.refreshToken.id });
  t.equal(revokeTwice.status, 404);
  assertDocumented(t, mock, 'vcf', 'revoke', revokeTwice);
});

t.test('login: api key, bad credentials, 201 on request or by setting', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const byKey = await call(mock, 'POST', LOGIN, { json: { apiKey: 'tokenrig-demo-api-key' } });
  t.equal(byKey.status, 200);
  const wrong = await call(mock, 'POST', LOGIN, { json: { username: 'demo', password: 'nope' } });
  t.equal(wrong.status, 401);
  assertDocumented(t, mock, 'vcf', 'login', wrong);
  t.equal((await call(mock, 'POST', LOGIN, { json: { apiKey: 'wrong' } })).status, 401);
  const created = await call(mock, 'POST', LOGIN, { json: demo, headers: { prefer: 'code=201' } });
  t.equal(created.status, 201);
  assertDocumented(t, mock, 'vcf', 'login', created);
  const by201 = mockApp(t, ['vcf'], { settings: { 'vcf.loginStatus': '201' } });
  t.equal((await call(by201, 'POST', LOGIN, { json: demo })).status, 201);
  t.throws(
    () => mockApp(t, ['vcf'], { settings: { 'vcf.loginStatus': '418' } }),
    SettingsError,
    'a login status VMware never documents is refused at start-up',
  );
});

t.test('login with an idToken: a signed compact JWS naming a known user, nothing else', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const now = Math.floor(mock.services.clock.now() / 1000);
  const good = await call(mock, 'POST', LOGIN, { json: { idToken: jws({ sub: 'demo', exp: now + 60 }) } });
  t.equal(good.status, 200, 'a JWS whose sub is a user logs in');
  assertDocumented(t, mock, 'vcf', 'login', good);
  const { accessToken, refreshToken } = pairOf(good);
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  t.match(claims, { sub: 'demo', iss: 'vcf-auth' }, "the session is the named user's");
  t.equal((await call(mock, 'PATCH', REFRESH, { json: refreshToken.id })).status, 200, 'and refreshes');
  t.equal(
    (await call(mock, 'POST', LOGIN, { json: { idToken: jws({ sub: 'demo' }) } })).status,
    200,
    'exp is optional',
  );

  const refused: [string, string][] = [
    ['an unknown sub', jws({ sub: 'nobody' })],
    ['no sub', jws({ name: 'demo' })],
    ['an empty sub', jws({ sub: '' })],
    ['a numeric sub', jws({ sub: 7 })],
    ['garbage', 'not-a-token'],
    ['an empty string', ''],
    ['two parts', `${part({ alg: 'RS256' })}.${part({ sub: 'demo' })}`],
    ['four parts', `${jws({ sub: 'demo' })}.x`],
    ['alg none with an empty signature', jws({ sub: 'demo' }, { alg: 'none' }, '')],
    ['alg none with a signature', jws({ sub: 'demo' }, { alg: 'none' })],
    ['alg NONE', jws({ sub: 'demo' }, { alg: 'NONE' })],
    ['an empty signature', jws({ sub: 'demo' }, { alg: 'RS256' }, '')],
    ['a header without alg', jws({ sub: 'demo' }, { typ: 'JWT' })],
    ['a header that is not JSON', `bm90LWpzb24.${part({ sub: 'demo' })}.c2ln`],
    ['a payload that is an array', `${part({ alg: 'RS256' })}.${part(['demo'])}.c2ln`],
    ['standard base64 instead of base64url', `${part({ alg: 'RS256' })}.${part({ sub: 'demo' })}.c2ln+/w==`],
    ['an expired token', jws({ sub: 'demo', exp: now - 1 })],
    ['an exp that is not a number', jws({ sub: 'demo', exp: 'tomorrow' })],
    ['a token not valid yet', jws({ sub: 'demo', nbf: now + 60 })],
  ];
  for (const [name, idToken] of refused) {
    const reply = await call(mock, 'POST', LOGIN, { json: { idToken } });
    t.equal(reply.status, 401, `${name} → 401`);
    assertDocumented(t, mock, 'vcf', 'login', reply);
    t.match(reply.json, { errorCode: 'VCF_AUTHENTICATION_FAILED', message: /^Authentication failed/ });
    t.notMatch(reply.text, idToken === '' ? /^$/ : idToken, 'the token is not echoed');
  }
  const mistyped = await call(mock, 'POST', LOGIN, { json: { idToken: { sub: 'demo' } } });
  t.equal(mistyped.status, 400, 'an idToken that is not a string is a bad request');
  assertDocumented(t, mock, 'vcf', 'login', mistyped);
});

t.test('an idToken expires with the mock clock, like any JWT', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const now = Math.floor(mock.services.clock.now() / 1000);
  const idToken = jws({ sub: 'demo', exp: now + 3600 });
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken } })).status, 200);
  mock.services.clock.advance(3600);
  const expired = await call(mock, 'POST', LOGIN, { json: { idToken } });
  t.equal(expired.status, 401);
  t.match(expired.json, { message: /expired/ });
  // The suite's expired-idToken case uses the mock's own access token as the identity token.
  const login = await logIn(mock);
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken: login.accessToken } })).status, 200);
  mock.services.clock.advance(3600);
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken: login.accessToken } })).status, 401);
});

t.test('revoke: an unknown, expired or revoked id is 404 by default, 204 when set idempotent', async (t) => {
  for (const [settings, status] of [
    [{}, 404],
    [{ 'vcf.revokeUnknownStatus': '204' }, 204],
  ] as const) {
    const mock = mockApp(t, ['vcf'], { settings });
    const id = (await logIn(mock)).refreshToken.id;
    const first = await call(mock, 'DELETE', REVOKE, { json: id });
    t.equal(first.status, 204, 'a live id is revoked');
    t.equal(first.text, '', 'without a body');
    const unknown = await call(mock, 'DELETE', REVOKE, { json: '3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90' });
    const again = await call(mock, 'DELETE', REVOKE, { json: id });
    const expiring = (await logIn(mock)).refreshToken.id;
    mock.services.clock.advance(86_400);
    const expired = await call(mock, 'DELETE', REVOKE, { json: expiring });
    for (const [name, reply] of [
      ['unknown', unknown],
      ['revoked', again],
      ['expired', expired],
    ] as const) {
      t.equal(reply.status, status, `${name} id → ${status}`);
      assertDocumented(t, mock, 'vcf', 'revoke', reply);
      if (status === 404) t.match(reply.json, { errorCode: 'VCF_REFRESH_TOKEN_NOT_FOUND' });
      else t.equal(reply.text, '', 'an idempotent 204 has no body');
    }
    t.equal((await call(mock, 'PATCH', REFRESH, { json: id })).status, 404, 'the revoked id stays dead');
  }
  t.throws(
    () => mockApp(t, ['vcf'], { settings: { 'vcf.revokeUnknownStatus': '200' } }),
    SettingsError,
    'a 200 would be a 2xx with a body VMware never documents',
  );
});

t.test('refresh accepts the bare UUID VMware PowerShell sends, unless told not to', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const { refreshToken } = await logIn(mock);
  const bare = await call(mock, 'PATCH', REFRESH, {
    body: refreshToken.id,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(bare.status, 200);
  t.type(bare.json, 'string', 'the new access token, as a JSON string');
  const padded = await call(mock, 'PATCH', REFRESH, {
    body: `  ${refreshToken.id}\n`,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  t.equal(padded.status, 200, 'surrounding whitespace, as a shell pipe adds it');
  const bareRevoke = await call(mock, 'DELETE', REVOKE, {
    body: refreshToken.id,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(bareRevoke.status, 204, 'revoke takes the bare UUID too');
  const notUuid = await call(mock, 'PATCH', REFRESH, {
    body: 'not-a-uuid',
    headers: { 'content-type': 'application/json' },
  });
  t.equal(notUuid.status, 400, 'only a UUID is read bare; other text is malformed JSON');
  assertDocumented(t, mock, 'vcf', 'refresh', notUuid);
  const strict = mockApp(t, ['vcf'], { settings: { 'vcf.acceptBareId': 'false' } });
  const id = (await logIn(strict)).refreshToken.id;
  const refused = await call(strict, 'PATCH', REFRESH, {
    body: id,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(refused.status, 400);
  assertDocumented(t, strict, 'vcf', 'refresh', refused);
});

t.test('every documented error status on demand, in the VMware Error envelope', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const cases: [string, string, string, number[]][] = [
    ['login', 'POST', LOGIN, [400, 401, 500]],
    ['refresh', 'PATCH', REFRESH, [400, 404, 500]],
    ['revoke', 'DELETE', REVOKE, [400, 404]],
  ];
  for (const [op, method, path, statuses] of cases) {
    for (const status of statuses) {
      const reply = await call(mock, method, path, { json: 'x', headers: { prefer: `code=${status}` } });
      t.equal(reply.status, status, `${op} ${status}`);
      assertDocumented(t, mock, 'vcf', op, reply);
      t.match(reply.json, { errorCode: String, message: String, referenceToken: /^[A-Z0-9]{6}$/ });
    }
  }
  const byQuery = await call(mock, 'PATCH', `${REFRESH}?__code=500`, { json: 'x' });
  t.equal(byQuery.status, 500);
  const byCode = await call(mock, 'PATCH', REFRESH, {
    json: 'x',
    headers: { prefer: 'error=VCF_REFRESH_TOKEN_NOT_FOUND' },
  });
  t.equal(byCode.status, 404);
  t.match(byCode.json, { errorCode: 'VCF_REFRESH_TOKEN_NOT_FOUND' });
  const undocumented = await call(mock, 'PATCH', REFRESH, { json: 'x', headers: { prefer: 'code=418' } });
  t.equal(undocumented.status, 400, 'an undocumented status is refused, in the envelope');
  t.match(undocumented.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE', message: /418 is not documented/ });
  const revoke500 = await call(mock, 'DELETE', REVOKE, { json: 'x', headers: { prefer: 'code=500' } });
  t.equal(revoke500.status, 400, 'VMware lists no 500 for revoke, so none is served on demand');
  t.match(revoke500.json, { message: /500 is not documented for vcf revoke/ });
});

t.test('bad requests get a documented 400 in the envelope, never a crash', async (t) => {
  const mock = mockApp(t, ['vcf'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Parameters<typeof call>[3]][] = [
    ['malformed JSON', 'login', LOGIN, { body: '{"username":', headers: json }],
    ['wrong content type', 'login', LOGIN, { body: '{}', headers: { 'content-type': 'text/plain' } }],
    ['no content type', 'login', LOGIN, { body: '{}' }],
    ['empty body', 'login', LOGIN, { body: '', headers: json }],
    ['missing password', 'login', LOGIN, { json: { username: 'demo' } }],
    ['mistyped username', 'login', LOGIN, { json: { username: 5, password: 'demo' } }],
    ['array body', 'login', LOGIN, { json: [] }],
    ['oversized body', 'login', LOGIN, { json: { username: 'x'.repeat(1000), password: 'y' } }],
    ['refresh id not a string', 'refresh', REFRESH, { json: { id: 'x' } }],
    ['refresh without body', 'refresh', REFRESH, { body: '', headers: json }],
    ['refresh garbage', 'refresh', REFRESH, { body: 'not json', headers: json }],
    ['revoke number', 'revoke', REVOKE, { json: 42 }],
  ];
  for (const [name, op, path, options] of cases) {
    const method = op === 'login' ? 'POST' : op === 'refresh' ? 'PATCH' : 'DELETE';
    const reply = await call(mock, method, path, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'vcf', op, reply);
  }
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'PATCH');
  t.match(wrongMethod.json, { errorCode: 'VCF_METHOD_NOT_ALLOWED' });
  const unknown = await call(mock, 'POST', '/v1/tokens/elsewhere', { json: {} });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: 'VCF_NOT_FOUND' });
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const a = mockApp(t, ['vcf'], { clock: clock() });
  const b = mockApp(t, ['vcf'], { clock: clock() });
  const [ra, rb] = [
    await call(a, 'POST', LOGIN, { json: demo }),
    await call(b, 'POST', LOGIN, { json: demo }),
  ];
  t.equal(ra.text, rb.text);
  const c = mockApp(t, ['vcf'], { clock: clock(), seed: 1 });
  t.not((await call(c, 'POST', LOGIN, { json: demo })).text, ra.text, 'another seed, other tokens');
});
