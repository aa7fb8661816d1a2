import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';

const LOGIN = '/v1/tokens';
const REFRESH = '/v1/tokens/access-token/refresh';
const REVOKE = '/v1/tokens/refresh-token';
const demo = { username: 'demo', password: 'demo' };

t.test('lifecycle: login, reusable refresh, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const login = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(login.status, 200);
  assertDocumented(t, mock, 'vcf', 'login', login);
  t.equal(login.headers.get('cache-control'), 'no-store');
  const { accessToken, refreshToken } = login.json as { accessToken: string; refreshToken: { id: string } };
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
    tokens.add(refreshed.json as string);
  }
  t.equal(tokens.size, 3, 'each refresh signs a new access token');

  mock.services.clock.advance(86_400);
  const expired = await call(mock, 'PATCH', REFRESH, { json: refreshToken.id });
  t.equal(expired.status, 404, 'an expired refresh token reads as not found');
  assertDocumented(t, mock, 'vcf', 'refresh', expired);

  const again = (await call(mock, 'POST', LOGIN, { json: demo })).json as { refreshToken: { id: string } };
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
});

t.test('refresh accepts the bare UUID VMware PowerShell sends, unless told not to', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const { refreshToken } = (await call(mock, 'POST', LOGIN, { json: demo })).json as {
    refreshToken: { id: string };
  };
  const bare = await call(mock, 'PATCH', REFRESH, {
    body: refreshToken.id,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(bare.status, 200);
  const strict = mockApp(t, ['vcf'], { settings: { 'vcf.acceptBareId': 'false' } });
  const id = ((await call(strict, 'POST', LOGIN, { json: demo })).json as { refreshToken: { id: string } })
    .refreshToken.id;
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
    ['revoke', 'DELETE', REVOKE, [400, 404, 500]],
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
