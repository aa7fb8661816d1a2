import t from 'tap';
import {
  assertEnvelope,
  claimsOf,
  cookieHeader,
  cookies,
  deviceLogin,
  getUser,
  USER,
  type UserBody,
  UUID,
} from '../../test/helpers/dreadnode.js';
import { call, mockApp } from '../../test/helpers/mock.js';

// GET /api/user, what the vendor's clients call instead of refresh: who is behind a bearer or a cookie.

t.test('GET /api/user: the user behind a bearer or the access_token cookie', async (t) => {
  const mock = mockApp(t, ['dreadnode'], {
    users: [
      { username: 'demo', password: 'demo' },
      { username: 'eve@example.org', password: 'pw' },
    ],
  });
  const { pair } = await deviceLogin(t, mock);
  const byBearer = await getUser(t, mock, { authorization: `Bearer ${pair.access_token}` });
  t.equal(byBearer.status, 200);
  t.equal(byBearer.headers.get('cache-control'), 'no-store', 'it carries an API key');
  const user = byBearer.json as UserBody;
  t.match(user, {
    id: UUID,
    email_address: 'demo@example.com',
    username: 'demo',
    api_key: { key: /^[\w-]{32}$/ },
  });
  t.same(cookies(byBearer), [], 'a valid access token refreshes nothing');
  const byCookie = await getUser(t, mock, cookieHeader({ access_token: pair.access_token }));
  t.equal(byCookie.status, 200);
  t.same(byCookie.json, user, 'the same user, the same id and key, either way');
  const byBoth = await getUser(t, mock, cookieHeader(pair));
  t.same(byBoth.json, user, 'the CLI sends both cookies');
  const lowercase = await getUser(t, mock, { authorization: `bearer ${pair.access_token}` });
  t.equal(lowercase.status, 200, 'the scheme is case-insensitive (RFC 9110 §11.1)');

  // The bearer wins: a good bearer with a bad cookie works, a bad bearer with a good cookie does not.
  const goodBearer = await getUser(t, mock, {
    authorization: `Bearer ${pair.access_token}`,
    ...cookieHeader({ access_token: 'garbage' }),
  });
  t.equal(goodBearer.status, 200);
  const badBearer = await getUser(t, mock, {
    authorization: 'Bearer garbage',
    ...cookieHeader({ access_token: pair.access_token }),
  });
  assertEnvelope(t, badBearer, 401, 'invalid_access_token');

  // Another user: another id and key; an e-mail address as the name is its own address. With demo gone,
  // eve is the first user, the one device logins are approved for.
  const eve = mock.services.users.get('eve@example.org');
  mock.services.users.delete('demo');
  const { pair: evePair } = await deviceLogin(t, mock);
  const other = (await getUser(t, mock, { authorization: `Bearer ${evePair.access_token}` }))
    .json as UserBody;
  t.equal(other.id, eve?.id, "the id is the user's own");
  t.equal(other.email_address, 'eve@example.org');
  t.not(other.api_key.key, user.api_key.key);
  t.not(other.id, user.id);
});

t.test('GET /api/user refuses what cannot authenticate, with 401 in the envelope', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'flolive']);
  const { pair } = await deviceLogin(t, mock);
  assertEnvelope(t, await getUser(t, mock), 401, 'not_authenticated');
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: 'Basic ZGVtbzpkZW1v' }),
    401,
    'not_authenticated',
  );
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: 'Bearer not-a-token' }),
    401,
    'invalid_access_token',
  );
  const forged = `${pair.access_token.slice(0, -4)}AAAA`;
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: `Bearer ${forged}` }),
    401,
    'invalid_access_token',
  );
  const wrongKind = await getUser(t, mock, { authorization: `Bearer ${pair.refresh_token}` });
  assertEnvelope(t, wrongKind, 401, 'invalid_access_token');
  t.notMatch(wrongKind.text, pair.refresh_token.slice(-20), 'the token is not echoed');
  const flolive = await call(mock, 'POST', '/api/v2/auth/token', {
    json: { username: 'demo', password: 'demo' },
  });
  const { token } = (flolive.json as { content: { token: string }[] }).content[0] ?? { token: '' };
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: `Bearer ${token}` }),
    401,
    'invalid_access_token',
  );

  // A forged access token is refused even with a good refresh cookie: only an absent or expired one refreshes.
  const withRefresh = await getUser(
    t,
    mock,
    cookieHeader({ access_token: forged, refresh_token: pair.refresh_token }),
  );
  assertEnvelope(t, withRefresh, 401, 'invalid_access_token');
  t.same(cookies(withRefresh), [], 'nothing rotated');
  t.equal(
    (await mock.services.sessions.inspect(pair.refresh_token)).status,
    'active',
    'the refresh token is untouched',
  );

  mock.services.clock.advance(3600);
  const expired = await getUser(t, mock, { authorization: `Bearer ${pair.access_token}` });
  assertEnvelope(t, expired, 401, 'access_token_expired');
  const expiredCookie = await getUser(t, mock, cookieHeader({ access_token: pair.access_token }));
  assertEnvelope(t, expiredCookie, 401, 'access_token_expired');
  const badRefresh = await getUser(t, mock, cookieHeader({ refresh_token: 'not-a-refresh-token' }));
  assertEnvelope(t, badRefresh, 401, 'invalid_refresh_token');

  const { pair: second } = await deviceLogin(t, mock);
  await mock.services.sessions.revoke(String(claimsOf(second.access_token).sid), 'admin');
  const revoked = await getUser(t, mock, { authorization: `Bearer ${second.access_token}` });
  assertEnvelope(t, revoked, 401, 'invalid_access_token');
  t.match(revoked.json, { message: /revoked/ });

  const pending = await getUser(t, mock, { prefer: 'code=401' });
  assertEnvelope(t, pending, 401, 'not_authenticated');
  const undocumented = await call(mock, 'GET', USER, { headers: { prefer: 'code=404' } });
  t.match(undocumented.json, { type: 'tokenrig_invalid_directive', message: /404 is not documented/ });
  const wrongMethod = await call(mock, 'POST', USER);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'GET');
  assertEnvelope(t, wrongMethod, 405, 'method_not_allowed');
});
