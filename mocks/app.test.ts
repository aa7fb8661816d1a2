import t from 'tap';
import { PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { call, mockApp, type Reply } from '../test/helpers/mock.js';
import type { MockApp } from './app.js';
import { createClock } from './core/clock.js';
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
  t.match(lines[0], /^POST \/v1\/tokens 200 vcf\.login session=[0-9a-f-]{36} [\d.]+ms$/);
  t.match(lines[1], /^PATCH \/v1\/tokens\/access-token\/refresh 500 vcf\.refresh forced=prefer [\d.]+ms$/);
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

t.test(
  'per profile, the same seed and clock give byte-identical answers; another seed, other tokens',
  async (t) => {
    const at = () => ({ clock: createClock(() => 1_800_000_000_000) });
    const demo = { username: 'demo', password: 'demo' };
    const profiles: {
      api: ProfileId;
      login: (m: MockApp) => Promise<Reply>;
      /** A second exchange, compared too. */
      next?: { what: string; status: number; call: (m: MockApp, login: Reply) => Promise<Reply> };
    }[] = [
      { api: 'vcf', login: (m) => call(m, 'POST', '/v1/tokens', { json: demo }) },
      {
        api: 'oracle-commerce',
        login: (m) => call(m, 'POST', '/ccstore/v1/login', { form: { grant_type: 'password', ...demo } }),
        next: {
          what: 'errors too',
          status: 401,
          call: (m) => call(m, 'POST', '/ccstore/v1/refresh', { headers: { authorization: 'Bearer x' } }),
        },
      },
      {
        api: 'kirjaswappi',
        login: (m) => call(m, 'POST', '/api/v1/authenticate', { json: demo }),
        next: {
          what: 'refreshes too',
          status: 200,
          call: (m, login) =>
            call(m, 'POST', '/api/v1/authenticate/refresh', {
              json: { refreshToken: (login.json as { refreshToken: string }).refreshToken },
            }),
        },
      },
    ];
    for (const { api, login, next } of profiles) {
      const [a, b] = [mockApp(t, [api], at()), mockApp(t, [api], at())];
      const [ra, rb] = [await login(a), await login(b)];
      t.equal(ra.status, 200, `${api} logs in`);
      t.equal(ra.text, rb.text, `${api}: the same login`);
      if (next) {
        const [fa, fb] = [await next.call(a, ra), await next.call(b, rb)];
        t.equal(fa.status, next.status, `${api}: ${next.what}, answered ${next.status}`);
        t.equal(fa.text, fb.text, `${api}: ${next.what}`);
      }
      const c = mockApp(t, [api], { ...at(), seed: 1 });
      t.not((await login(c)).text, ra.text, `${api}: another seed, other tokens`);
    }
  },
);
