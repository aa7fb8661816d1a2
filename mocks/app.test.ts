import t from 'tap';
import { PROFILE_IDS } from '../schemas/load.js';
import { call, mockApp } from '../test/helpers/mock.js';
import { SettingsError } from './core/settings.js';

t.test('all five profiles mount on one port by default', async (t) => {
  const mock = mockApp(t, []);
  t.same(mock.profiles, PROFILE_IDS);
  const probes: [string, string][] = [
    ['POST', '/v1/tokens'],
    ['POST', '/ccstore/v1/login'],
    ['POST', '/api/auth/device/code'],
    ['POST', '/api/v2/auth/token'],
    ['POST', '/api/v1/authenticate'],
  ];
  for (const [method, path] of probes) {
    const reply = await call(mock, method, path, { json: {} });
    t.not(reply.status, 404, `${path} is served`);
    t.ok(reply.json !== undefined, `${path} answers JSON`);
  }
});

t.test('--api mounts a subset; other paths get a JSON 404', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const reply = await call(mock, 'POST', '/v1/tokens', { json: {} });
  t.equal(reply.status, 404);
  t.match(reply.json, { error: { code: 'TOKENRIG_NOT_FOUND', profiles: ['flolive'] } });
});

t.test('CORS: preflight and credentials for any origin by default, or an allow-list', async (t) => {
  const open = mockApp(t, ['dreadnode']);
  const preflight = await open.app.request('/api/auth/refresh', {
    method: 'OPTIONS',
    headers: {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, prefer',
    },
  });
  t.equal(preflight.status, 204);
  t.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  t.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
  t.match(preflight.headers.get('access-control-allow-headers') ?? '', /prefer/i);

  const closed = mockApp(t, ['dreadnode'], { corsOrigins: ['https://app.example'] });
  const allowed = await call(closed, 'POST', '/api/auth/refresh', {
    json: {},
    headers: { origin: 'https://app.example' },
  });
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
  const denied = await call(closed, 'POST', '/api/auth/refresh', {
    json: {},
    headers: { origin: 'https://evil.example' },
  });
  t.equal(denied.headers.get('access-control-allow-origin'), null);
});

t.test('one log line per request, with profile and operation', async (t) => {
  const lines: string[] = [];
  const mock = mockApp(t, ['vcf'], { log: (line) => lines.push(line) });
  await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', {
    json: 'x',
    headers: { prefer: 'code=500' },
  });
  t.equal(lines.length, 2);
  t.match(lines[0], /^POST \/v1\/tokens 200 vcf\.login [\d.]+ms$/);
  t.match(lines[1], /^PATCH \/v1\/tokens\/access-token\/refresh 500 vcf\.refresh/);
});

t.test('bad settings are refused at start-up', (t) => {
  t.throws(() => mockApp(t, ['vcf'], { settings: { 'vcf.nope': '1' } }), SettingsError);
  t.throws(
    () => mockApp(t, ['vcf'], { settings: { 'flolive.nakStatus': '200' } }),
    SettingsError,
    'profile not mounted',
  );
  t.throws(() => mockApp(t, ['vcf'], { settings: { 'acme.x': '1' } }), SettingsError);
  t.end();
});

t.test('global TTL flags override every profile', async (t) => {
  const mock = mockApp(t, ['vcf'], { accessTtl: 60, refreshTtl: 120 });
  const login = (await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } }))
    .json as {
    accessToken: string;
    refreshToken: { id: string };
  };
  const claims = JSON.parse(Buffer.from(login.accessToken.split('.')[1] ?? '', 'base64url').toString());
  t.equal(claims.exp - claims.iat, 60);
  mock.services.clock.advance(121);
  t.equal(
    (await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', { json: login.refreshToken.id })).status,
    404,
  );
});

t.test(
  "KirjaSwappi's cors-allowlist quirk: only the vendor's origins, on its paths, when asked",
  async (t) => {
    const login = (origin: string, path = '/api/v1/authenticate') =>
      call(mock, 'OPTIONS', path, {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const mock = mockApp(t, ['kirjaswappi', 'vcf']);
    const byDefault = await login('http://localhost:5173');
    t.equal(byDefault.headers.get('access-control-allow-origin'), 'http://localhost:5173', 'off: any origin');

    mock.services.quirks.set(['kirjaswappi.cors-allowlist'], true);
    const refused = await login('http://localhost:5173');
    t.equal(refused.status, 403);
    t.equal(refused.text, 'Invalid CORS request', "Spring's DefaultCorsProcessor answer");
    t.equal(refused.headers.get('access-control-allow-origin'), null);
    const simple = await call(mock, 'POST', '/api/v1/authenticate', {
      json: { username: 'demo', password: 'demo' },
      headers: { origin: 'http://localhost:5173' },
    });
    t.equal(simple.status, 403, 'a simple cross-origin request is refused too, not only the preflight');
    const vendor = await login('https://kirjaswappi.fi');
    t.equal(vendor.status, 204);
    t.equal(
      vendor.headers.get('access-control-allow-origin'),
      'https://kirjaswappi.fi',
      'a production origin',
    );
    const other = await login('http://localhost:5173', '/v1/tokens');
    t.equal(
      other.headers.get('access-control-allow-origin'),
      'http://localhost:5173',
      "VMware's paths untouched",
    );
    const sameOrigin = await call(mock, 'POST', '/api/v1/authenticate', {
      json: { username: 'demo', password: 'demo' },
    });
    t.equal(sameOrigin.status, 200, 'no Origin (curl, a server): no CORS, no refusal');
  },
);
