import t from 'tap';
import { claimsOf, demo, login, NAK, pairOf, refresh, TOKEN } from '../../test/helpers/flolive.js';
import { call, mockApp } from '../../test/helpers/mock.js';
import type { MockApp } from '../app.js';
import { createClock } from '../core/clock.js';

// The token semantics: a login, a rotating token pair, reuse, expiry and revocation.

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
  t.equal((await mock.services.sessions.revokeUser('demo')) > 0, true);
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

t.test('the token pair: the last access token, an earlier one of the session, a forged one', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const first = pairOf(await login(t, mock));
  const second = pairOf(
    await refresh(t, mock, { json: { token: first.token, refreshToken: first.refreshToken } }),
  );
  // Not the session's last access token: checked in full (signature, issuer, session), and it is good.
  const earlier = await refresh(t, mock, { json: { token: first.token, refreshToken: second.refreshToken } });
  t.equal(earlier.status, 200, 'an earlier access token of the same session still pairs');
  const third = pairOf(earlier);
  // The last access token with its signature's last character changed: not the issued string.
  const last = third.token;
  const forged = `${last.slice(0, -2)}${last.at(-2) === 'A' ? 'B' : 'A'}${last.at(-1)}`;
  const refused = await refresh(t, mock, { json: { token: forged, refreshToken: third.refreshToken } });
  t.equal(refused.status, 401, 'a token that only resembles the last one is refused');
  t.match(refused.json, { errorCode: 'AUTH_1002' });
  const ok = await refresh(t, mock, { json: { token: last, refreshToken: third.refreshToken } });
  t.equal(ok.status, 200, 'the last access token pairs');
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
