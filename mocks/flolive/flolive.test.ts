import t, { type Test } from 'tap';
import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';

const TOKEN = '/api/v2/auth/token';
const demo = { username: 'demo', password: 'demo' };

interface Pair {
  token: string;
  refreshToken: string;
}

const NAK = { content: '', pageable: '' };

async function login(t: Test, mock: MockApp, body: unknown = demo): Promise<Reply> {
  const reply = await call(mock, 'POST', TOKEN, { json: body });
  assertDocumented(t, mock, 'flolive', 'login', reply);
  return reply;
}

async function refresh(t: Test, mock: MockApp, options: Parameters<typeof call>[3]): Promise<Reply> {
  const reply = await call(mock, 'PUT', TOKEN, options);
  assertDocumented(t, mock, 'flolive', 'refresh', reply);
  return reply;
}

function pairOf(reply: Reply): Pair & { customerId?: string; validityTime: number } {
  const item = (reply.json as { content: (Pair & { customerId?: string; validityTime: number })[] })
    .content[0];
  if (!item) throw new Error(`no content in ${reply.text}`);
  return item;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}

t.test('lifecycle: login, rotating refresh, reuse, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const created = await login(t, mock);
  t.equal(created.status, 200);
  t.equal(created.headers.get('cache-control'), 'no-store');
  t.match(created.json, {
    errorCode: '',
    errorMessage: '',
    content: [{ customerId: /^[0-9a-f-]{36}$/, token: String, refreshToken: String, validityTime: 3600 }],
    pageable: { page: 0, size: 10, totalPages: 1, totalElements: 1 },
  });
  const first = pairOf(created);
  t.match(claimsOf(first.token), { iss: 'flolive', sub: 'demo', customerId: first.customerId });
  t.match(claimsOf(first.refreshToken), { iss: 'flolive', typ: 'refresh' });
  t.equal(pairOf(await login(t, mock)).customerId, first.customerId, 'customerId is stable per user');

  const refreshed = await refresh(t, mock, {
    json: { token: first.token, refreshToken: first.refreshToken },
  });
  t.equal(refreshed.status, 200);
  t.equal(refreshed.headers.get('cache-control'), 'no-store');
  t.match(refreshed.json, {
    errorCode: '',
    content: [{ validityTime: 3600 }],
    pageable: { totalElements: 1 },
  });
  const second = pairOf(refreshed);
  t.not(second.refreshToken, first.refreshToken, '"new refresh token created"');
  t.not(second.token, first.token);

  // The old pair is invalid after a refresh; presenting it again is reuse and revokes the family.
  const reused = await refresh(t, mock, { json: { token: first.token, refreshToken: first.refreshToken } });
  t.equal(reused.status, 401);
  t.same(reused.json, { errorCode: 'AUTH_1002', errorMessage: 'Invalid token', ...NAK });
  const family = await refresh(t, mock, { json: { token: second.token, refreshToken: second.refreshToken } });
  t.equal(family.status, 401, 'the newest pair died with the family');
  t.match(family.json, { errorCode: 'AUTH_1002' });

  // One refreshes because the access token expired: an expired partner is fine, an expired refresh token not.
  const fresh = pairOf(await login(t, mock));
  mock.services.clock.advance(3601);
  const late = await refresh(t, mock, { json: { token: fresh.token, refreshToken: fresh.refreshToken } });
  t.equal(late.status, 200, 'an expired access token still pairs');
  const next = pairOf(late);
  mock.services.clock.advance(86_400);
  const expired = await refresh(t, mock, { json: { token: next.token, refreshToken: next.refreshToken } });
  t.equal(expired.status, 401);
  t.match(expired.json, { errorCode: 'AUTH_1002', ...NAK });

  // No documented logout: deleting the user and revoking their sessions ends the session.
  const doomed = pairOf(await login(t, mock));
  mock.services.users.delete('demo');
  t.equal(mock.services.sessions.revokeUser('demo') > 0, true);
  const revoked = await refresh(t, mock, {
    json: { token: doomed.token, refreshToken: doomed.refreshToken },
  });
  t.equal(revoked.status, 401);
  t.match(revoked.json, { errorCode: 'AUTH_1002' });
  const gone = await login(t, mock);
  t.equal(gone.status, 401, 'the deleted user cannot log in');
  t.same(gone.json, { errorCode: 'AUTH_1001', errorMessage: 'Invalid credentials', ...NAK });
});

t.test('login: bad credentials are AUTH_1001', async (t) => {
  const mock = mockApp(t, ['flolive']);
  for (const body of [
    { username: 'demo', password: 'wrong' },
    { username: 'nobody', password: 'demo' },
  ]) {
    const reply = await login(t, mock, body);
    t.equal(reply.status, 401);
    t.same(reply.json, { errorCode: 'AUTH_1001', errorMessage: 'Invalid credentials', ...NAK });
    t.notMatch(reply.text, /wrong/, 'the password is not echoed');
  }
});

t.test('the token pair: token must be the access token of the same session', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const a = pairOf(await login(t, mock));
  const b = pairOf(await login(t, mock));
  const crossed = await refresh(t, mock, { json: { token: b.token, refreshToken: a.refreshToken } });
  t.equal(crossed.status, 401, "another session's access token");
  t.match(crossed.json, { errorCode: 'AUTH_1002' });
  const garbage = await refresh(t, mock, { json: { token: 'not-a-jwt', refreshToken: a.refreshToken } });
  t.equal(garbage.status, 401);
  t.notMatch(garbage.text, /not-a-jwt/, 'the submitted token is not echoed');
  const twice = await refresh(t, mock, { json: { token: a.refreshToken, refreshToken: a.refreshToken } });
  t.equal(twice.status, 401, 'the refresh token is not an access token');
  const ok = await refresh(t, mock, { json: { token: a.token, refreshToken: a.refreshToken } });
  t.equal(ok.status, 200, 'a refused pair did not consume the refresh token');

  const loose = mockApp(t, ['flolive'], { settings: { 'flolive.requireTokenPair': 'false' } });
  const c = pairOf(await login(t, loose));
  const any = await refresh(t, loose, { json: { token: 'anything', refreshToken: c.refreshToken } });
  t.equal(any.status, 200, 'with requireTokenPair=false only the refresh token counts');

  const other = mockApp(t, ['flolive', 'dreadnode']);
  const { device_code } = (await call(other, 'POST', '/api/auth/device/code')).json as {
    device_code: string;
  };
  const dreadnode = await call(other, 'POST', '/api/auth/device/token', { json: { device_code } });
  const foreign = (dreadnode.json as { refresh_token: string }).refresh_token;
  const fl = pairOf(await login(t, other));
  const wrongProfile = await refresh(t, other, { json: { token: fl.token, refreshToken: foreign } });
  t.equal(wrongProfile.status, 401, "another profile's refresh token is unknown here");
});

t.test('NAK statuses follow the settings; a NAK with HTTP 200 is documented', async (t) => {
  const mock = mockApp(t, ['flolive'], {
    settings: { 'flolive.nakStatus': '200', 'flolive.malformedStatus': '422' },
  });
  const bad = await login(t, mock, { username: 'demo', password: 'nope' });
  t.equal(bad.status, 200, 'a NAK answered with 200');
  t.match(bad.json, { errorCode: 'AUTH_1001', ...NAK });
  const invalid = await refresh(t, mock, { json: { token: 'x', refreshToken: 'y' } });
  t.equal(invalid.status, 200);
  t.match(invalid.json, { errorCode: 'AUTH_1002', ...NAK });
  const byDirective = await call(mock, 'PUT', TOKEN, { json: {}, headers: { prefer: 'error=AUTH_1002' } });
  t.equal(byDirective.status, 200, 'Prefer: error= follows the configured status');
  assertDocumented(t, mock, 'flolive', 'refresh', byDirective);
  const missing = await refresh(t, mock, { json: { token: 'x' } });
  t.equal(missing.status, 422);
  t.match(missing.json, { errorCode: 'AUTH_1002' });
  const malformed = await refresh(t, mock, { body: '{', headers: { 'content-type': 'application/json' } });
  t.equal(malformed.status, 422);
  t.match(malformed.json, { errorCode: 'GEN_1000' });

  t.throws(() => mockApp(t, ['flolive'], { settings: { 'flolive.nakStatus': '302' } }), {
    name: 'SettingsError',
    message: /nakStatus takes 200 or a status from 400 to 599/,
  });
});

t.test('every documented error status on demand, as a NAK', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const cases: [string, string, number, string][] = [
    ['login', 'POST', 400, 'GEN_1000'],
    ['login', 'POST', 401, 'AUTH_1001'],
    ['login', 'POST', 500, 'GEN_1006'],
    ['login', 'POST', 503, 'GEN_HTTP_503'],
    ['refresh', 'PUT', 400, 'AUTH_1002'],
    ['refresh', 'PUT', 401, 'AUTH_1002'],
    ['refresh', 'PUT', 500, 'GEN_1006'],
    ['refresh', 'PUT', 502, 'GEN_HTTP_502'],
  ];
  for (const [op, method, status, errorCode] of cases) {
    const reply = await call(mock, method, TOKEN, { json: {}, headers: { prefer: `code=${status}` } });
    t.equal(reply.status, status, `${op} ${status}`);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode, errorMessage: String, ...NAK });
    t.equal(reply.headers.get('cache-control'), 'no-store');
  }
  const vendor: [string, string, string, number][] = [
    ['login', 'POST', 'AUTH_1001', 401],
    ['refresh', 'PUT', 'AUTH_1002', 401],
    ['refresh', 'PUT', 'GEN_1000', 400],
  ];
  for (const [op, method, code, status] of vendor) {
    const reply = await call(mock, method, TOKEN, { json: demo, headers: { prefer: `error=${code}` } });
    t.equal(reply.status, status, `error=${code}`);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode: code, ...NAK });
  }
  const ack = await call(mock, 'POST', TOKEN, { json: demo, headers: { prefer: 'code=200' } });
  t.equal(ack.status, 200);
  assertDocumented(t, mock, 'flolive', 'login', ack);
  t.match(ack.json, { errorCode: '', content: [{ token: String }] });
  const byQuery = await call(mock, 'PUT', `${TOKEN}?__code=500`, { json: {} });
  t.equal(byQuery.status, 500);
  assertDocumented(t, mock, 'flolive', 'refresh', byQuery);
  t.match(byQuery.json, { errorCode: 'GEN_1006', errorMessage: 'Internal server error', ...NAK });
  const unknownCode = await call(mock, 'PUT', TOKEN, { json: {}, headers: { prefer: 'error=AUTH_9999' } });
  t.equal(unknownCode.status, 400);
  assertDocumented(t, mock, 'flolive', 'refresh', unknownCode);
  t.match(unknownCode.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE', errorMessage: /AUTH_9999/ });
});

t.test('bad requests get a NAK with the malformed status, never a crash', async (t) => {
  const mock = mockApp(t, ['flolive'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, Parameters<typeof call>[3], string][] = [
    ['login: malformed JSON', 'login', { body: '{"username":', headers: json }, 'GEN_1000'],
    [
      'login: wrong content type',
      'login',
      { body: 'username=demo', headers: { 'content-type': 'text/plain' } },
      'GEN_1001',
    ],
    ['login: no content type', 'login', { body: '{}' }, 'GEN_1001'],
    ['login: missing password', 'login', { json: { username: 'demo' } }, 'GEN_1003'],
    ['login: mistyped username', 'login', { json: { username: 7, password: 'demo' } }, 'GEN_1003'],
    ['login: array body', 'login', { json: [] }, 'GEN_1003'],
    ['login: empty body', 'login', { body: '', headers: json }, 'GEN_1003'],
    ['login: oversized body', 'login', { json: { username: 'x'.repeat(1000), password: 'y' } }, 'GEN_1002'],
    ['refresh: malformed JSON', 'refresh', { body: 'not json', headers: json }, 'GEN_1000'],
    [
      'refresh: wrong content type',
      'refresh',
      { body: '{}', headers: { 'content-type': 'application/xml' } },
      'GEN_1001',
    ],
    ['refresh: missing refreshToken', 'refresh', { json: { token: 'x' } }, 'AUTH_1002'],
    ['refresh: missing token', 'refresh', { json: { refreshToken: 'x' } }, 'AUTH_1002'],
    ['refresh: mistyped refreshToken', 'refresh', { json: { token: 'x', refreshToken: 5 } }, 'AUTH_1002'],
    ['refresh: empty body', 'refresh', { body: '' }, 'AUTH_1002'],
    [
      'refresh: oversized body',
      'refresh',
      { json: { token: 'x'.repeat(1000), refreshToken: 'y' } },
      'GEN_1002',
    ],
  ];
  for (const [name, op, options, errorCode] of cases) {
    const reply = await call(mock, op === 'login' ? 'POST' : 'PUT', TOKEN, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode, errorMessage: String, ...NAK }, name);
  }
  const wrongMethod = await call(mock, 'DELETE', TOKEN);
  t.equal(wrongMethod.status, 405);
  t.same(wrongMethod.headers.get('allow')?.split(', ').sort(), ['POST', 'PUT']);
  t.match(wrongMethod.json, { errorCode: 'GEN_1005', ...NAK });
  const unknown = await call(mock, 'POST', '/api/v2/auth/elsewhere', { json: {} });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: 'GEN_1004', ...NAK });
});

t.test('20 concurrent refreshes of one pair: exactly one succeeds', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const pair = pairOf(await login(t, mock));
  const body = { token: pair.token, refreshToken: pair.refreshToken };
  const replies = await Promise.all(Array.from({ length: 20 }, () => refresh(t, mock, { json: body })));
  t.equal(replies.filter((r) => r.status === 200).length, 1);
  t.equal(replies.filter((r) => (r.json as { errorCode: string }).errorCode === 'AUTH_1002').length, 19);
  const winner = replies.find((r) => r.status === 200);
  const won = winner ? pairOf(winner) : pair;
  const after = await refresh(t, mock, { json: { token: won.token, refreshToken: won.refreshToken } });
  t.equal(after.status, 401, 'the losers were reuse: the family is revoked');

  const lenient = mockApp(t, ['flolive'], { settings: { 'flolive.reuseGraceSeconds': '5' } });
  const p = pairOf(await login(t, lenient));
  const racing = await Promise.all(
    Array.from({ length: 20 }, () =>
      refresh(t, lenient, { json: { token: p.token, refreshToken: p.refreshToken } }),
    ),
  );
  t.equal(racing.filter((r) => r.status === 200).length, 1);
  const first = racing.find((r) => r.status === 200);
  const kept = first ? pairOf(first) : p;
  const again = await refresh(t, lenient, { json: { token: kept.token, refreshToken: kept.refreshToken } });
  t.equal(again.status, 200, 'reuse within the grace period is forgiven');
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const transcript = async (mock: MockApp) => {
    const created = await call(mock, 'POST', TOKEN, { json: demo });
    const pair = pairOf(created);
    const refreshed = await call(mock, 'PUT', TOKEN, {
      json: { token: pair.token, refreshToken: pair.refreshToken },
    });
    return `${created.text}\n${refreshed.text}`;
  };
  const a = await transcript(mockApp(t, ['flolive'], { clock: clock() }));
  const b = await transcript(mockApp(t, ['flolive'], { clock: clock() }));
  t.equal(a, b);
  const c = await transcript(mockApp(t, ['flolive'], { clock: clock(), seed: 1 }));
  t.not(c, a, 'another seed, other tokens');
});
