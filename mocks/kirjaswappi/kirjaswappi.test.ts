import t from 'tap';
import {
  claimsOf,
  demo,
  LOGIN,
  login,
  REFRESH,
  refresh,
  type Tokens,
} from '../../test/helpers/kirjaswappi.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

// The token semantics: what a login and a refresh give, and what ends a refresh token.

t.test('tokens carry the vendor claims and nothing more; the refresh token never rotates', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const first = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(first.status, 200);
  assertDocumented(t, mock, 'kirjaswappi', 'login', first);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.headers.get('content-type'), /^application\/json/);
  const { jwtToken, refreshToken } = first.json as Tokens;
  const access = claimsOf(jwtToken);
  const refreshClaims = claimsOf(refreshToken);
  t.same(Object.keys(access).sort(), ['exp', 'iat', 'jwtToken', 'role', 'sub'], 'access: no jti, no sid');
  t.match(access, { sub: 'demo', role: 'ADMIN', jwtToken: true });
  t.equal(Number(access.exp) - Number(access.iat), 300, 'the access JWT lives 5 minutes');
  t.same(Object.keys(refreshClaims).sort(), ['exp', 'iat', 'jti', 'jwtToken', 'role', 'sub'], 'refresh');
  t.match(refreshClaims, { sub: 'demo', role: 'ADMIN', jwtToken: false, jti: /^[0-9a-f-]{36}$/ });
  t.equal(Number(refreshClaims.exp) - Number(refreshClaims.iat), 604_800, 'the refresh JWT lives 7 days');

  const issued: string[] = [];
  for (let i = 0; i < 3; i++) {
    mock.services.clock.advance(301);
    const reply = await refresh(t, mock, refreshToken);
    t.equal(reply.status, 200, 'the same refresh token works again');
    t.equal(reply.headers.get('cache-control'), 'no-store');
    t.same(Object.keys(reply.json as object), ['jwtToken'], 'a new access token only');
    issued.push((reply.json as { jwtToken: string }).jwtToken);
  }
  t.equal(new Set(issued).size, 3, 'access tokens signed in different seconds differ');
  const [again, twice] = [await refresh(t, mock, refreshToken), await refresh(t, mock, refreshToken)];
  t.equal(again.text, twice.text, 'two refreshes in the same second return the very same token');
  t.same(Object.keys(claimsOf((again.json as Tokens).jwtToken)).sort(), Object.keys(access).sort());
});

t.test('expiry, an admin revocation and a deleted user end a refresh token', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const { refreshToken } = await login(mock);
  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, refreshToken);
  t.equal(expired.status, 401, 'an expired refresh token is refused');
  t.match(expired.json, {
    error: {
      code: 'invalidJwtToken',
      message: 'Please provide a valid JWT token.',
      target: REFRESH,
      details: [
        { code: 'invalidJwtToken', message: /^JWT expired \d+ milliseconds ago at /, target: REFRESH },
      ],
    },
  });
  t.match(expired.text, /JWT expired \d+ milliseconds ago/);
  t.notMatch(expired.text, refreshToken, 'the token is not echoed');

  const second = await login(mock);
  const [session] = (await mock.services.sessions.list()).filter((s) =>
    s.refreshTokens.includes(second.refreshToken),
  );
  t.ok(
    session && (await mock.services.sessions.revoke(session.id, 'admin')),
    'the login is a session an admin can revoke',
  );
  const revoked = await refresh(t, mock, second.refreshToken);
  t.equal(revoked.status, 401);
  t.match(revoked.json, { error: { code: 'invalidJwtToken', details: [{ message: /revoked/ }] } });

  const third = await login(mock);
  mock.services.users.delete('demo');
  await mock.services.sessions.revokeUser('demo');
  const gone = await refresh(t, mock, third.refreshToken);
  t.equal(gone.status, 404, 'a deleted user cannot refresh: the user is looked up before anything else');
  t.same(gone.json, {
    error: { code: 'userNotFound', message: 'User demo does not exist.', target: REFRESH },
  });
  const noLogin = await call(mock, 'POST', LOGIN, { json: demo });
  t.equal(noLogin.status, 404);
  assertDocumented(t, mock, 'kirjaswappi', 'login', noLogin);
});

t.test('non-rotating: 20 concurrent refreshes of one token all succeed', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const { refreshToken } = await login(mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { json: { refreshToken } })),
  );
  t.same(
    replies.map((r) => r.status),
    Array(20).fill(200),
  );
  for (const reply of replies.slice(0, 2)) assertDocumented(t, mock, 'kirjaswappi', 'refresh', reply);
});

t.test('the username is lowercased before the lookup', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const upper = await call(mock, 'POST', LOGIN, { json: { username: 'DEMO', password: 'demo' } });
  t.equal(upper.status, 200, 'DEMO logs in as demo');
  t.equal(claimsOf((upper.json as Tokens).jwtToken).sub, 'demo');
  const mixed = await call(mock, 'POST', LOGIN, { json: { username: 'NoBody', password: 'demo' } });
  t.equal(mixed.status, 404);
  t.same(mixed.json, {
    error: { code: 'userNotFound', message: 'User nobody does not exist.', target: LOGIN },
  });
  mock.services.users.add('Capital', 'pw');
  const stored = await call(mock, 'POST', LOGIN, { json: { username: 'Capital', password: 'pw' } });
  t.equal(stored.status, 404, 'a stored name with capitals is never found, as at the vendor');
});

// ------------------------------------------------------------------ quirks
