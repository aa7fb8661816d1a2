import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { demo, LOGIN, logIn, pairOf, REFRESH, REVOKE } from '../../test/helpers/vcf.js';
import { SettingsError } from '../core/settings.js';

// The token semantics: a login, a reusable refresh token, expiry and revocation.

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
