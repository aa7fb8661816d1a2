import t, { type Test } from 'tap';
import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';
import { checkAccessToken } from '../core/tokens.js';

const CODE = '/api/auth/device/code';
const TOKEN = '/api/auth/device/token';
const REFRESH = '/api/auth/refresh';
const VERIFY = '/api/auth/device/verify';

interface Pair {
  access_token: string;
  refresh_token: string;
}

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_url: string;
}

/** Step 1 and step 2 of the device login, each reply checked against the contract. */
async function deviceLogin(t: Test, mock: MockApp): Promise<{ pair: Pair; reply: Reply }> {
  const code = await call(mock, 'POST', CODE);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  const { device_code } = code.json as DeviceCode;
  const reply = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(reply.status, 200, 'device login approved');
  assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
  return { pair: reply.json as Pair, reply };
}

async function refresh(t: Test, mock: MockApp, options: Parameters<typeof call>[3] = {}): Promise<Reply> {
  const reply = await call(mock, 'POST', REFRESH, options);
  assertDocumented(t, mock, 'dreadnode', 'refresh', reply);
  return reply;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}

function cookies(reply: Reply): string[] {
  return reply.headers.getSetCookie();
}

t.test('lifecycle: device login, rotating refresh, reuse, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { clock: createClock(() => 1_800_000_000_000) });
  const code = await call(mock, 'POST', CODE);
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  t.equal(code.headers.get('cache-control'), 'no-store');
  t.match(code.json, {
    id: /^[0-9a-f-]{36}$/,
    completed: false,
    user_code: /^[B-Z]{4}-[B-Z]{4}$/,
    verification_url: /^http:\/\/localhost\/api\/auth\/device\/verify\?user_code=[B-Z]{4}-[B-Z]{4}$/,
    expires_in: 900,
  });
  const { expires_at } = code.json as { expires_at: string };
  t.equal(expires_at, '2027-01-15T08:15:00.000Z', 'expires_at is 15 minutes ahead');

  const { pair, reply } = await deviceLogin(t, mock);
  t.equal(reply.headers.get('cache-control'), 'no-store');
  t.match(cookies(reply), [
    /^access_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    /^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=604800; Path=\/api\/auth; HttpOnly; SameSite=Lax$/,
  ]);
  const access = claimsOf(pair.access_token);
  t.match(access, { iss: 'dreadnode', sub: 'demo', org: String });
  t.equal(Number(access.exp) - Number(access.iat), 3600);
  t.match(claimsOf(pair.refresh_token), { iss: 'dreadnode', typ: 'refresh' });
  t.ok(checkAccessToken(mock.services, pair.access_token, 'dreadnode').ok, 'the access token works');

  // The vendor's client sends the refresh token as its cookie.
  const first = await refresh(t, mock, { headers: { cookie: `refresh_token=${pair.refresh_token}` } });
  t.equal(first.status, 200);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.json, {
    token_type: 'bearer',
    expires_in: 3600,
    organization: { id: /^[0-9a-f-]{36}$/, name: String, key: /^[a-z0-9-]+$/ },
  });
  const rotated = first.json as Pair & { organization: { key: string } };
  t.not(rotated.refresh_token, pair.refresh_token, 'the refresh token rotates');
  t.equal(claimsOf(rotated.access_token).org, rotated.organization.key);
  t.match(cookies(first), [
    `access_token=${rotated.access_token}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`,
    `refresh_token=${rotated.refresh_token}; Max-Age=604800; Path=/api/auth; HttpOnly; SameSite=Lax`,
  ]);

  const second = await refresh(t, mock, { json: { refresh_token: rotated.refresh_token } });
  t.equal(second.status, 200, 'the body works as well as the cookie');
  const latest = second.json as Pair & { organization: unknown };
  t.same(latest.organization, rotated.organization, 'one organization per user');

  // RFC 9700 §4.14.2: a rotated token presented again revokes the whole family.
  const reused = await refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
  t.equal(reused.status, 401);
  t.match(reused.json, { status: 401, type: 'refresh_token_reused', details: null });
  const family = await refresh(t, mock, { json: { refresh_token: latest.refresh_token } });
  t.equal(family.status, 401, 'the newest token of the family died with it');
  t.match(family.json, { type: 'refresh_token_revoked' });
  t.notOk(checkAccessToken(mock.services, latest.access_token, 'dreadnode').ok, 'so did its access token');

  // Expiry: the access token after an hour, the refresh token after a week.
  const { pair: fresh } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  t.match(checkAccessToken(mock.services, fresh.access_token, 'dreadnode'), { ok: false, reason: 'expired' });
  const stillFine = await refresh(t, mock, { json: { refresh_token: fresh.refresh_token } });
  t.equal(stillFine.status, 200, 'an expired access token is what refresh is for');
  const next = (stillFine.json as Pair).refresh_token;
  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, { json: { refresh_token: next } });
  t.equal(expired.status, 401);
  t.match(expired.json, { type: 'refresh_token_expired', message: /log in again/ });

  // Revocation: no documented logout, so an admin revokes the session.
  const { pair: revokedPair } = await deviceLogin(t, mock);
  const sid = String(claimsOf(revokedPair.refresh_token).sid);
  t.ok(mock.services.sessions.revoke(sid, 'admin'));
  const revoked = await refresh(t, mock, { json: { refresh_token: revokedPair.refresh_token } });
  t.equal(revoked.status, 401);
  t.match(revoked.json, { type: 'refresh_token_revoked' });
  t.notOk(checkAccessToken(mock.services, revokedPair.access_token, 'dreadnode').ok);

  // A deleted user's tokens stop working.
  const { pair: orphan } = await deviceLogin(t, mock);
  mock.services.users.delete('demo');
  const gone = await refresh(t, mock, { json: { refresh_token: orphan.refresh_token } });
  t.equal(gone.status, 401);
  t.match(gone.json, { type: 'refresh_token_revoked', message: /no longer exists/ });
});

t.test('device codes: one exchange each, unknown and expired codes refused', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { device_code } = (await call(mock, 'POST', CODE)).json as DeviceCode;
  const ok = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(ok.status, 200);
  const again = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(again.status, 401, 'a device code is exchanged once');
  assertDocumented(t, mock, 'dreadnode', 'device-token', again);
  t.match(again.json, { status: 401, type: 'invalid_device_code' });

  const unknown = await call(mock, 'POST', TOKEN, { json: { device_code: 'nope' } });
  t.equal(unknown.status, 401);
  assertDocumented(t, mock, 'dreadnode', 'device-token', unknown);
  t.match(unknown.json, { type: 'invalid_device_code' });

  const late = (await call(mock, 'POST', CODE)).json as DeviceCode;
  mock.services.clock.advance(900);
  const expired = await call(mock, 'POST', TOKEN, { json: { device_code: late.device_code } });
  t.equal(expired.status, 401);
  assertDocumented(t, mock, 'dreadnode', 'device-token', expired);
  t.match(expired.json, { type: 'expired_token' });
});

t.test('manual approval: pending until the verification URL is visited', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.deviceApproval': 'manual' } });
  const code = (await call(mock, 'POST', CODE)).json as DeviceCode;
  for (let i = 0; i < 2; i++) {
    const pending = await call(mock, 'POST', TOKEN, { json: { device_code: code.device_code } });
    t.equal(pending.status, 401, 'the client keeps polling');
    assertDocumented(t, mock, 'dreadnode', 'device-token', pending);
    t.match(pending.json, { status: 401, type: 'authorization_pending', details: null });
  }
  // What a user opens in a browser, typed carelessly: lower case, no dash.
  const typed = code.user_code.replace('-', '').toLowerCase();
  const visit = await call(mock, 'GET', `${VERIFY}?user_code=${typed}`);
  t.equal(visit.status, 200);
  t.match(visit.headers.get('content-type'), /^application\/json/, 'JSON, never HTML');
  t.same(visit.json, {
    id: String((visit.json as { id: string }).id),
    user_code: code.user_code,
    approved: true,
  });
  const approved = await call(mock, 'POST', TOKEN, { json: { device_code: code.device_code } });
  t.equal(approved.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-token', approved);

  const other = (await call(mock, 'POST', CODE)).json as DeviceCode;
  const url = new URL(other.verification_url);
  const byUrl = await call(mock, 'GET', `${url.pathname}${url.search}`);
  t.equal(byUrl.status, 200, 'the verification_url itself approves');
  const byPost = await call(mock, 'POST', VERIFY, { json: { user_code: other.user_code } });
  t.equal(byPost.status, 200, 'approving twice is harmless');

  const unknown = await call(mock, 'POST', VERIFY, { json: { user_code: 'BBBB-BBBB' } });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { status: 404, type: 'invalid_user_code', details: null });
  const missing = await call(mock, 'GET', VERIFY);
  t.equal(missing.status, 422);
  t.match(missing.json, {
    type: 'validation_error',
    details: [{ loc: ['body', 'user_code'], type: 'required' }],
  });
  const notJson = await call(mock, 'POST', VERIFY, {
    body: '{',
    headers: { 'content-type': 'application/json' },
  });
  t.equal(notJson.status, 422);
  t.match(notJson.json, { details: [{ loc: ['body'], type: 'json_invalid' }] });
});

t.test('the refresh token comes from the body or the cookie; the body wins', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const bodyWins = await refresh(t, mock, {
    json: { refresh_token: pair.refresh_token },
    headers: { cookie: 'refresh_token=garbage' },
  });
  t.equal(bodyWins.status, 200, 'a valid body token beats a bad cookie');
  const next = (bodyWins.json as Pair).refresh_token;
  const nullBody = await refresh(t, mock, {
    json: { refresh_token: null },
    headers: { cookie: `refresh_token=${next}` },
  });
  t.equal(nullBody.status, 200, 'a null body token leaves it to the cookie');
  const neither = await refresh(t, mock, { json: {} });
  t.equal(neither.status, 401);
  t.match(neither.json, { status: 401, type: 'not_authenticated' });
  const nothing = await refresh(t, mock);
  t.equal(nothing.status, 401, 'no body and no cookie');
  t.match(nothing.json, { type: 'not_authenticated' });
  const garbage = await refresh(t, mock, { json: { refresh_token: 'not-a-token' } });
  t.equal(garbage.status, 401);
  t.match(garbage.json, { type: 'invalid_refresh_token' });
  t.notMatch(garbage.text, /not-a-token/, 'the submitted token is not echoed');
});

t.test('a refresh token of another profile is unknown here', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'flolive']);
  const login = await call(mock, 'POST', '/api/v2/auth/token', {
    json: { username: 'demo', password: 'demo' },
  });
  const { refreshToken } = (login.json as { content: { refreshToken: string }[] }).content[0] ?? {};
  const reply = await refresh(t, mock, { json: { refresh_token: refreshToken } });
  t.equal(reply.status, 401);
  t.match(reply.json, { type: 'invalid_refresh_token' });
});

t.test('20 concurrent refreshes of one token: exactly one succeeds', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => refresh(t, mock, { json: { refresh_token: pair.refresh_token } })),
  );
  t.equal(replies.filter((r) => r.status === 200).length, 1);
  t.equal(replies.filter((r) => r.status === 401).length, 19);
  const winner = replies.find((r) => r.status === 200)?.json as Pair;
  const after = await refresh(t, mock, { json: { refresh_token: winner.refresh_token } });
  t.equal(after.status, 401, 'the losers were reuse: the family is revoked');

  const lenient = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.reuseGraceSeconds': '5' } });
  const { pair: p } = await deviceLogin(t, lenient);
  const racing = await Promise.all(
    Array.from({ length: 20 }, () => refresh(t, lenient, { json: { refresh_token: p.refresh_token } })),
  );
  t.equal(racing.filter((r) => r.status === 200).length, 1);
  const won = racing.find((r) => r.status === 200)?.json as Pair;
  const kept = await refresh(t, lenient, { json: { refresh_token: won.refresh_token } });
  t.equal(kept.status, 200, 'reuse within the grace period is forgiven');
});

t.test('every documented error status on demand, in the canonical envelope', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const statuses = [400, 401, 403, 404, 409, 422, 426, 429, 500, 502, 504];
  const messages: Record<number, string> = {
    400: 'Invalid request',
    401: 'Authentication failed',
    403: 'Access forbidden',
    404: 'Not found',
    409: 'Already exists',
    422: 'Validation error',
    426: 'Upgrade required',
    429: 'Rate limited',
    500: 'Internal server error',
    502: 'Bad gateway',
    504: 'Gateway timeout',
  };
  for (const status of statuses) {
    const reply = await refresh(t, mock, { json: {}, headers: { prefer: `code=${status}` } });
    t.equal(reply.status, status);
    t.match(reply.json, { status, message: messages[status], type: /^[a-z_]+$/, details: null });
    t.equal(reply.headers.get('cache-control'), 'no-store');
    if (status === 429) t.match(reply.headers.get('retry-after'), /^\d+$/, '429 carries Retry-After');
  }
  for (const status of [401, 422]) {
    const reply = await call(mock, 'POST', TOKEN, {
      json: { device_code: 'x' },
      headers: { prefer: `code=${status}` },
    });
    t.equal(reply.status, status);
    assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
  }
  const pending = await call(mock, 'POST', TOKEN, {
    json: { device_code: 'x' },
    headers: { prefer: 'code=401' },
  });
  t.match(pending.json, { type: 'authorization_pending' }, 'device-token answers 401 as pending');
  const code = await call(mock, 'POST', CODE, { headers: { prefer: 'code=200' } });
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);

  const vendorCodes: [string, string, number][] = [
    ['refresh', 'refresh_token_reused', 401],
    ['refresh', 'refresh_token_expired', 401],
    ['refresh', 'not_authenticated', 401],
    ['refresh', 'rate_limited', 429],
    ['refresh', 'upgrade_required', 426],
    ['device-token', 'authorization_pending', 401],
    ['device-token', 'expired_token', 401],
    ['device-token', 'validation_error', 422],
  ];
  for (const [operation, type, status] of vendorCodes) {
    const path = operation === 'refresh' ? REFRESH : TOKEN;
    const reply = await call(mock, 'POST', path, {
      json: { device_code: 'x' },
      headers: { prefer: `error=${type}` },
    });
    t.equal(reply.status, status, `error=${type}`);
    assertDocumented(t, mock, 'dreadnode', operation, reply);
    t.match(reply.json, { status, type });
  }
  const queried = await call(mock, 'POST', `${REFRESH}?__code=504`, { json: {} });
  t.equal(queried.status, 504);
  assertDocumented(t, mock, 'dreadnode', 'refresh', queried);
  const undocumented = await refresh(t, mock, { json: {}, headers: { prefer: 'code=418' } });
  t.equal(undocumented.status, 422, 'an undocumented status is refused, in the envelope');
  t.match(undocumented.json, { type: 'tokenrig_invalid_directive', message: /418 is not documented/ });
});

t.test('bad requests get a documented status in the envelope, never a crash', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Parameters<typeof call>[3], number, string, unknown][] = [
    [
      'refresh: malformed JSON',
      'refresh',
      REFRESH,
      { body: '{"refresh_token":', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'refresh: wrong content type',
      'refresh',
      REFRESH,
      { body: 'refresh_token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      400,
      'invalid_request',
      null,
    ],
    ['refresh: no content type', 'refresh', REFRESH, { body: '{}' }, 400, 'invalid_request', null],
    [
      'refresh: mistyped token',
      'refresh',
      REFRESH,
      { json: { refresh_token: 5 } },
      422,
      'validation_error',
      [{ loc: ['body', 'refresh_token'] }],
    ],
    [
      'refresh: array body',
      'refresh',
      REFRESH,
      { json: [] },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'type' }],
    ],
    ['refresh: empty body', 'refresh', REFRESH, { body: '', headers: json }, 401, 'not_authenticated', null],
    [
      'refresh: oversized body',
      'refresh',
      REFRESH,
      { json: { refresh_token: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
    [
      'device-token: malformed JSON',
      'device-token',
      TOKEN,
      { body: 'nope', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'device-token: wrong content type',
      'device-token',
      TOKEN,
      { body: 'device_code=x', headers: { 'content-type': 'text/plain' } },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'model_attributes_type' }],
    ],
    [
      'device-token: missing field',
      'device-token',
      TOKEN,
      { json: {} },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'required' }],
    ],
    [
      'device-token: mistyped field',
      'device-token',
      TOKEN,
      { json: { device_code: 42 } },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'type' }],
    ],
    [
      'device-token: empty body',
      'device-token',
      TOKEN,
      { body: '' },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'required' }],
    ],
    [
      'device-token: oversized body',
      'device-token',
      TOKEN,
      { json: { device_code: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
  ];
  for (const [name, op, path, options, status, type, details] of cases) {
    const reply = await call(mock, 'POST', path, options);
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'dreadnode', op, reply);
    t.match(reply.json, { status, type, message: String }, name);
    if (details === null) t.equal((reply.json as { details: unknown }).details, null, `${name}: no details`);
    else t.match((reply.json as { details: unknown }).details, details, `${name}: details`);
  }
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  t.match(wrongMethod.json, { status: 405, type: 'method_not_allowed' });
  const unknown = await call(mock, 'POST', '/api/auth/elsewhere', { json: {} });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { status: 404, type: 'not_found', details: null });
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const transcript = async (mock: MockApp) => {
    const code = await call(mock, 'POST', CODE);
    const device_code = (code.json as DeviceCode).device_code;
    const token = await call(mock, 'POST', TOKEN, { json: { device_code } });
    const { refresh_token } = token.json as Pair;
    const refreshed = await call(mock, 'POST', REFRESH, { json: { refresh_token } });
    return [code.text, token.text, cookies(token).join('\n'), refreshed.text].join('\n');
  };
  const a = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  const b = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  t.equal(a, b);
  t.match(a, /"organization":\{"id":"[0-9a-f-]{36}","name":"[^"]+","key":"[a-z0-9-]+"\}/);
  const c = await transcript(mockApp(t, ['dreadnode'], { clock: clock(), seed: 1 }));
  t.not(c, a, 'another seed, other codes and tokens');
});

t.test('settings are checked', async (t) => {
  t.throws(() => mockApp(t, ['dreadnode'], { settings: { 'dreadnode.deviceApproval': 'sometimes' } }), {
    name: 'SettingsError',
    message: /auto or manual/,
  });
  const short = mockApp(t, ['dreadnode'], { accessTtl: 60, refreshTtl: 120 });
  const { pair } = await deviceLogin(t, short);
  const claims = claimsOf(pair.access_token);
  t.equal(Number(claims.exp) - Number(claims.iat), 60, '--access-ttl reaches the profile');
  short.services.clock.advance(120);
  const expired = await refresh(t, short, { json: { refresh_token: pair.refresh_token } });
  t.equal(expired.status, 401, '--refresh-ttl reaches the profile');
});
