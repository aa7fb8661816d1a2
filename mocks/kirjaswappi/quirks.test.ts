import t from 'tap';
import {
  demo,
  documentedError,
  forge,
  json,
  LOGIN,
  login,
  REFRESH,
  refresh,
  refreshRaw,
  springDefault,
  type Tokens,
} from '../../test/helpers/kirjaswappi.js';
import { call, mockApp, type Reply } from '../../test/helpers/mock.js';
import { KIRJASWAPPI_PRODUCTION_ORIGINS, KIRJASWAPPI_QUIRKS } from './quirks.js';

// The vendor server's quirks, each off by default and switchable at run time.

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
