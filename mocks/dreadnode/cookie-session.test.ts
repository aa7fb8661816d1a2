import t from 'tap';
import {
  assertEnvelope,
  CODE,
  claimsOf,
  cookieHeader,
  cookies,
  cookieValues,
  type DeviceCode,
  deviceLogin,
  getUser,
  type Pair,
  refresh,
  TOKEN,
} from '../../test/helpers/dreadnode.js';
import { call, mockApp, type Reply } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';
import { checkAccessToken } from '../core/tokens.js';

/**
 * The vendor's clients never call the refresh endpoint: they send both cookies with every request and
 * `GET /api/user` is what they call. These tests are that session: refresh through the cookies, and
 * cookies that are Secure only over https (the user behind a bearer or a cookie: user.test.ts).
 */

t.test('server-side refresh through cookies: an expired access token is renewed on the spot', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  const reply = await getUser(t, mock, cookieHeader(pair));
  t.equal(reply.status, 200, 'answered as usual');
  t.match(reply.json, { username: 'demo', email_address: 'demo@example.com' });
  const rotated = cookieValues(reply);
  t.match(cookies(reply), [
    /^access_token=[\w.-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    /^refresh_token=[\w.-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
  ]);
  t.not(rotated.refresh_token, pair.refresh_token, 'the refresh token rotated');
  t.not(rotated.access_token, pair.access_token);
  t.ok(
    (await checkAccessToken(mock.services, rotated.access_token ?? '', 'dreadnode')).ok,
    'the new access token works',
  );
  t.equal(
    (await mock.services.sessions.inspect(pair.refresh_token)).status,
    'reused',
    'the old one is spent',
  );
  const withNew = await getUser(t, mock, cookieHeader(rotated));
  t.equal(withNew.status, 200);
  t.same(cookies(withNew), [], 'a live pair is not rotated again');

  // A browser drops the access_token cookie at its Max-Age and sends the refresh_token alone.
  mock.services.clock.advance(3600);
  const alone = await getUser(t, mock, cookieHeader({ refresh_token: rotated.refresh_token ?? '' }));
  t.equal(alone.status, 200, 'a refresh cookie alone is enough');
  const third = cookieValues(alone);
  t.not(third.refresh_token, rotated.refresh_token);

  // Reuse detection as for the refresh endpoint, once the concurrency window (10 s) has passed.
  mock.services.clock.advance(10);
  const replay = await getUser(t, mock, cookieHeader(rotated));
  assertEnvelope(t, replay, 401, 'refresh_token_reused');
  const family = await getUser(t, mock, cookieHeader(third));
  t.equal(family.status, 401, 'the newest pair died with its family');

  // The refresh token's own expiry ends it: log in again.
  const { pair: week } = await deviceLogin(t, mock);
  mock.services.clock.advance(604_800);
  assertEnvelope(t, await getUser(t, mock, cookieHeader(week)), 401, 'refresh_token_expired');
});

t.test(
  'requests sent together with one expired pair: one rotation, the same successor for all',
  async (t) => {
    // A clock that stands still but for advance(): the lifetimes re-sent below are exact.
    const mock = mockApp(t, ['dreadnode'], { clock: createClock(() => 1_800_000_000_000) });
    const { pair } = await deviceLogin(t, mock);
    const sid = String(claimsOf(pair.refresh_token).sid);
    const family = async () => (await mock.services.sessions.get(sid))?.refreshTokens.length;
    t.equal(await family(), 1);
    mock.services.clock.advance(3600);
    // Promise.all does not interleave the handlers: app.request runs each one synchronously, from the
    // look-up to the rotation, before the next starts, as one event loop serves requests off a socket
    // (test/cookie-jar.test.ts sends such a burst over HTTP). What it does model is the burst itself:
    // every request was built from the same jar before any answer came back, so all carry the old pair.
    const burst = await Promise.all(Array.from({ length: 8 }, () => getUser(t, mock, cookieHeader(pair))));
    t.same(
      burst.map((r) => r.status),
      Array(8).fill(200),
      'every request answered',
    );
    const pairs = burst.map(cookieValues);
    t.equal(await family(), 2, 'exactly one rotation');
    t.same(new Set(pairs.map((p) => p.refresh_token)).size, 1, 'one successor refresh token for all');
    t.same(new Set(pairs.map((p) => p.access_token)).size, 1, 'one successor access token for all');
    const late = await getUser(t, mock, cookieHeader(pair));
    t.match(cookies(late), [/; Max-Age=3600;/, /; Max-Age=604800;/], 'no time has passed on the mock clock');
    mock.services.clock.advance(9);
    const resent = await getUser(t, mock, cookieHeader(pair));
    t.equal(resent.status, 200, 'still inside the window');
    t.same(cookieValues(resent), pairs[0]);
    t.match(cookies(resent), [/; Max-Age=3591;/, /; Max-Age=604791;/], 'with the lifetimes they have left');
    const successor = pairs[0] ?? {};
    t.equal((await getUser(t, mock, cookieHeader(successor))).status, 200, 'the successor works');

    // Past the window the old pair is reuse again: the family is revoked.
    mock.services.clock.advance(1);
    assertEnvelope(t, await getUser(t, mock, cookieHeader(pair)), 401, 'refresh_token_reused');
    t.equal(
      (await getUser(t, mock, cookieHeader(successor))).status,
      401,
      'the successor is revoked with it',
    );

    // The window is what saves the burst: without it the second request of the same burst logs the user out.
    const strict = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.concurrentRefreshSeconds': '0' } });
    const { pair: p } = await deviceLogin(t, strict);
    strict.services.clock.advance(3600);
    const strictBurst = await Promise.all(
      Array.from({ length: 3 }, () => getUser(t, strict, cookieHeader(p))),
    );
    t.same(
      strictBurst.map((r) => r.status),
      [200, 401, 401],
    );
    const winner = cookieValues(strictBurst[0] as Reply);
    t.equal(
      (await getUser(t, strict, cookieHeader(winner))).status,
      401,
      'reuse detection revoked the family',
    );

    // A successor that has itself been used gives no cover: the old token is reuse.
    const used = mockApp(t, ['dreadnode']);
    const { pair: q } = await deviceLogin(t, used);
    used.services.clock.advance(3600);
    const firstRotation = cookieValues(await getUser(t, used, cookieHeader(q)));
    const onward = await refresh(t, used, { json: { refresh_token: firstRotation.refresh_token } });
    t.equal(onward.status, 200);
    assertEnvelope(t, await getUser(t, used, cookieHeader(q)), 401, 'refresh_token_reused');

    // A rotation by the refresh endpoint covers the page's requests still carrying the old cookies too.
    const mixed = mockApp(t, ['dreadnode']);
    const { pair: m } = await deviceLogin(t, mixed);
    mixed.services.clock.advance(3600);
    const explicit = await refresh(t, mixed, { headers: cookieHeader({ refresh_token: m.refresh_token }) });
    const stale = await getUser(t, mixed, cookieHeader(m));
    t.equal(stale.status, 200);
    t.equal(cookieValues(stale).refresh_token, (explicit.json as Pair).refresh_token);
  },
);

t.test('cookies are Secure only when the client is on https', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const login = async (url: string, headers: Record<string, string> = {}) => {
    const code = (await call(mock, 'POST', url.replace('{path}', CODE))).json as DeviceCode;
    const res = await call(mock, 'POST', url.replace('{path}', TOKEN), {
      json: { device_code: code.device_code },
      headers,
    });
    return cookies(res);
  };
  const plain = await login('{path}');
  t.ok(plain.length === 2 && plain.every((c) => !/Secure/.test(c)), 'plain http: no Secure');
  const tls = await login('https://mock.test{path}');
  t.ok(tls.length === 2 && tls.every((c) => /; HttpOnly; SameSite=Lax; Secure$/.test(c)), 'https: Secure');
  const proxied = await login('{path}', { 'x-forwarded-proto': 'HTTPS' });
  t.ok(
    proxied.every((c) => /; Secure$/.test(c)),
    'behind a TLS proxy that says so: Secure',
  );
  const chain = await login('{path}', { 'x-forwarded-proto': 'http, https' });
  t.ok(
    chain.every((c) => !/Secure/.test(c)),
    "the first hop is the client's: http, no Secure",
  );

  const { pair } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  const rotated = await call(mock, 'GET', 'https://mock.test/api/user', { headers: cookieHeader(pair) });
  t.ok(
    cookies(rotated).every((c) => /; Secure$/.test(c)),
    'a rotation through cookies too',
  );
});
