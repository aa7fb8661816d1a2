import t from 'tap';
import type { MockApp } from '../../mocks/app.js';
import {
  assertEnvelope,
  CODE,
  claimsOf,
  cookies,
  cookieValues,
  type DeviceCode,
  deviceLogin,
  type Pair,
  REFRESH,
  refresh,
  TOKEN,
  USER,
  UUID,
} from '../../test/helpers/dreadnode.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';
import { checkAccessToken } from '../core/tokens.js';

// The token semantics: a device login, rotating refresh, reuse, expiry, revocation, settings.

t.test('lifecycle: device login, rotating refresh, reuse, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { clock: createClock(() => 1_800_000_000_000) });
  const code = await call(mock, 'POST', CODE);
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  t.equal(code.headers.get('cache-control'), 'no-store');
  t.match(code.json, {
    id: UUID,
    completed: false,
    user_code: /^[B-Z]{4}-[B-Z]{4}$/,
    expires_in: 900,
  });
  const { expires_at, user_code, verification_url } = code.json as DeviceCode & { expires_at: string };
  t.equal(expires_at, '2027-01-15T08:15:00.000Z', 'expires_at is 15 minutes ahead');
  // dreadnode/cli builds `<server>/account/device?code=<user_code>` itself and opens it.
  t.equal(verification_url, `http://localhost/account/device?code=${user_code}`, 'the page the CLI opens');

  const { pair, reply } = await deviceLogin(t, mock);
  t.equal(reply.headers.get('cache-control'), 'no-store');
  t.match(cookies(reply), [
    /^access_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    /^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
  ]);
  t.same(cookieValues(reply), pair, 'the cookies carry the pair of the body');
  const access = claimsOf(pair.access_token);
  t.match(access, { iss: 'dreadnode', sub: 'demo', org: String });
  t.equal(Number(access.exp) - Number(access.iat), 3600);
  t.match(claimsOf(pair.refresh_token), { iss: 'dreadnode', typ: 'refresh' });
  t.ok((await checkAccessToken(mock.services, pair.access_token, 'dreadnode')).ok, 'the access token works');

  // The refresh endpoint, with the refresh token as its cookie.
  const first = await refresh(t, mock, { headers: { cookie: `refresh_token=${pair.refresh_token}` } });
  t.equal(first.status, 200);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.json, {
    token_type: 'bearer',
    expires_in: 3600,
    organization: { id: UUID, name: String, key: /^[a-z0-9-]+$/ },
  });
  const rotated = first.json as Pair & { organization: { key: string } };
  t.not(rotated.refresh_token, pair.refresh_token, 'the refresh token rotates');
  t.equal(claimsOf(rotated.access_token).org, rotated.organization.key);
  t.same(cookies(first), [
    `access_token=${rotated.access_token}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`,
    `refresh_token=${rotated.refresh_token}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`,
  ]);

  const second = await refresh(t, mock, { json: { refresh_token: rotated.refresh_token } });
  t.equal(second.status, 200, 'the body works as well as the cookie');
  const latest = second.json as Pair & { organization: unknown };
  t.same(latest.organization, rotated.organization, 'one organization per user');

  // RFC 9700 §4.14.2: a rotated token presented again revokes the whole family.
  const reused = await refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
  assertEnvelope(t, reused, 401, 'refresh_token_reused');
  t.equal((reused.json as { details: unknown }).details, null);
  const family = await refresh(t, mock, { json: { refresh_token: latest.refresh_token } });
  assertEnvelope(t, family, 401, 'refresh_token_revoked');
  t.notOk(
    (await checkAccessToken(mock.services, latest.access_token, 'dreadnode')).ok,
    'so did its access token',
  );

  // Expiry: the access token after an hour, the refresh token after a week.
  const { pair: fresh } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  t.match(await checkAccessToken(mock.services, fresh.access_token, 'dreadnode'), {
    ok: false,
    reason: 'expired',
  });
  const stillFine = await refresh(t, mock, { json: { refresh_token: fresh.refresh_token } });
  t.equal(stillFine.status, 200, 'an expired access token is what refresh is for');
  const next = (stillFine.json as Pair).refresh_token;
  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, { json: { refresh_token: next } });
  assertEnvelope(t, expired, 401, 'refresh_token_expired');
  t.match(expired.json, { message: /log in again/ });

  // Revocation: no documented logout, so an admin revokes the session.
  const { pair: revokedPair } = await deviceLogin(t, mock);
  const sid = String(claimsOf(revokedPair.refresh_token).sid);
  t.ok(await mock.services.sessions.revoke(sid, 'admin'));
  const revoked = await refresh(t, mock, { json: { refresh_token: revokedPair.refresh_token } });
  assertEnvelope(t, revoked, 401, 'refresh_token_revoked');
  t.notOk((await checkAccessToken(mock.services, revokedPair.access_token, 'dreadnode')).ok);

  // A deleted user's tokens stop working.
  const { pair: orphan } = await deviceLogin(t, mock);
  mock.services.users.delete('demo');
  const gone = await refresh(t, mock, { json: { refresh_token: orphan.refresh_token } });
  assertEnvelope(t, gone, 401, 'refresh_token_revoked');
  t.match(gone.json, { message: /no longer exists/ });
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
  assertEnvelope(t, neither, 401, 'not_authenticated');
  const nothing = await refresh(t, mock);
  assertEnvelope(t, nothing, 401, 'not_authenticated');
  const garbage = await refresh(t, mock, { json: { refresh_token: 'not-a-token' } });
  assertEnvelope(t, garbage, 401, 'invalid_refresh_token');
  t.notMatch(garbage.text, /not-a-token/, 'the submitted token is not echoed');
});

t.test('a refresh token of another profile is unknown here', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'flolive']);
  const login = await call(mock, 'POST', '/api/v2/auth/token', {
    json: { username: 'demo', password: 'demo' },
  });
  const { refreshToken } = (login.json as { content: { refreshToken: string }[] }).content[0] ?? {};
  const reply = await refresh(t, mock, { json: { refresh_token: refreshToken } });
  assertEnvelope(t, reply, 401, 'invalid_refresh_token');
});

t.test('20 concurrent calls of the refresh endpoint with one token: exactly one succeeds', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => refresh(t, mock, { json: { refresh_token: pair.refresh_token } })),
  );
  t.equal(replies.filter((r) => r.status === 200).length, 1);
  t.equal(replies.filter((r) => r.status === 401).length, 19);
  const winner = replies.find((r) => r.status === 200)?.json as Pair;
  const after = await refresh(t, mock, { json: { refresh_token: winner.refresh_token } });
  t.equal(
    after.status,
    401,
    'an explicit refresh gets no window: the losers were reuse, the family is revoked',
  );

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

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const transcript = async (mock: MockApp) => {
    const code = await call(mock, 'POST', CODE);
    const device_code = (code.json as DeviceCode).device_code;
    const token = await call(mock, 'POST', TOKEN, { json: { device_code } });
    const pair = token.json as Pair;
    const refreshed = await call(mock, 'POST', REFRESH, { json: { refresh_token: pair.refresh_token } });
    const user = await call(mock, 'GET', USER, { headers: { authorization: `Bearer ${pair.access_token}` } });
    return [code.text, token.text, cookies(token).join('\n'), refreshed.text, user.text].join('\n');
  };
  const a = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  const b = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  t.equal(a, b);
  t.match(a, /"organization":\{"id":"[0-9a-f-]{36}","name":"[^"]+","key":"[a-z0-9-]+"\}/);
  t.match(a, /"api_key":\{"key":"[\w-]{32}"\}/);
  const c = await transcript(mockApp(t, ['dreadnode'], { clock: clock(), seed: 1 }));
  t.not(c, a, 'another seed, other codes, tokens and keys');
});

t.test('settings are checked', async (t) => {
  t.throws(() => mockApp(t, ['dreadnode'], { settings: { 'dreadnode.deviceApproval': 'sometimes' } }), {
    name: 'SettingsError',
    message: /auto or manual/,
  });
  t.throws(() => mockApp(t, ['dreadnode'], { settings: { 'dreadnode.concurrentRefreshSeconds': 'soon' } }), {
    name: 'SettingsError',
    message: /takes a number/,
  });
  const short = mockApp(t, ['dreadnode'], { accessTtl: 60, refreshTtl: 120 });
  const { pair, reply } = await deviceLogin(t, short);
  const claims = claimsOf(pair.access_token);
  t.equal(Number(claims.exp) - Number(claims.iat), 60, '--access-ttl reaches the profile');
  t.match(cookies(reply), [/Max-Age=60;/, /Max-Age=120;/], 'and the cookies');
  short.services.clock.advance(120);
  const expired = await refresh(t, short, { json: { refresh_token: pair.refresh_token } });
  t.equal(expired.status, 401, '--refresh-ttl reaches the profile');
});
