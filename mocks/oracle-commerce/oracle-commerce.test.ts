import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import {
  bearer,
  claimsOf,
  demo,
  LOGIN,
  login,
  REFRESH,
  withToken,
} from '../../test/helpers/oracle-commerce.js';

// The token semantics: a login, refreshes that restart the clock, what ends a session.

t.test('lifecycle: login, verify, refresh restarts the clock, expiry, logout', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const first = await call(mock, 'POST', LOGIN, { form: demo });
  t.equal(first.status, 200);
  assertDocumented(t, mock, 'oracle-commerce', 'login', first);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.json, { token_type: 'bearer', expires_in: 900 });
  const a = (first.json as { access_token: string }).access_token;
  t.match(claimsOf(a), { iss: 'storefrontUI', sub: 'demo' });

  t.same((await withToken(t, mock, 'verify', a)).json, { success: true });

  mock.services.clock.advance(600);
  const refreshed = await withToken(t, mock, 'refresh', a);
  t.equal(refreshed.status, 200);
  t.equal(refreshed.headers.get('cache-control'), 'no-store');
  t.match(refreshed.json, { token_type: 'bearer', expires_in: 900 });
  const b = (refreshed.json as { access_token: string }).access_token;
  t.not(b, a, 'a new token');
  t.equal(claimsOf(b).sid, claimsOf(a).sid, 'in the same session');
  t.equal((await withToken(t, mock, 'verify', a)).status, 200, 'by default the old token stays valid');

  const withBody = await call(mock, 'POST', REFRESH, { json: {}, headers: bearer(b) });
  t.equal(withBody.status, 200, 'the documented {} body is accepted');
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', withBody);

  mock.services.clock.advance(400);
  const expired = await withToken(t, mock, 'verify', a);
  t.equal(expired.status, 401, 'the first token has expired after 15 minutes');
  t.match(expired.json, { errorCode: '20060', status: '401', message: /expired/ });
  t.equal((await withToken(t, mock, 'refresh', a)).status, 401, 'an expired token cannot be refreshed');
  t.equal((await withToken(t, mock, 'verify', b)).status, 200, 'the refreshed one restarted the clock');

  const out = await withToken(t, mock, 'logout', b);
  t.equal(out.status, 200);
  t.same(out.json, { result: true });
  t.equal((await withToken(t, mock, 'verify', b)).status, 401, 'logout ends the session');
  const c = (withBody.json as { access_token: string }).access_token;
  t.equal((await withToken(t, mock, 'refresh', c)).status, 401, 'every token of the session dies with it');
  t.equal((await withToken(t, mock, 'logout', b)).status, 401, 'logging out twice is refused');

  const again = await login(mock);
  t.equal(await mock.services.sessions.revoke(String(claimsOf(again).sid), 'admin'), true);
  t.equal((await withToken(t, mock, 'refresh', again)).status, 401, 'an admin revocation ends the session');
});

t.test('non-rotating by default: concurrent refreshes of one token all succeed', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const token = await login(mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { headers: bearer(token) })),
  );
  t.same(
    replies.map((r) => r.status),
    Array(20).fill(200),
  );
  for (const reply of replies.slice(0, 2)) assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
});

t.test(
  'invalidateOldToken: only the newest token works, and one of 20 concurrent refreshes wins',
  async (t) => {
    const mock = mockApp(t, ['oracle-commerce'], {
      settings: { 'oracle-commerce.invalidateOldToken': 'true' },
    });
    const a = await login(mock);
    const refreshed = await withToken(t, mock, 'refresh', a);
    const b = (refreshed.json as { access_token: string }).access_token;
    const old = await withToken(t, mock, 'verify', a);
    t.equal(old.status, 401);
    t.match(old.json, { message: /replaced by a newer one/ });
    t.equal((await withToken(t, mock, 'verify', b)).status, 200);

    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call(mock, 'POST', REFRESH, { headers: bearer(b) })),
    );
    t.equal(replies.filter((r) => r.status === 200).length, 1, 'exactly one success');
    t.equal(replies.filter((r) => r.status === 401).length, 19, 'the rest are refused');
    for (const reply of replies) assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
  },
);

t.test('refreshTtl bounds how long one login can be kept alive', async (t) => {
  const mock = mockApp(t, ['oracle-commerce'], { refreshTtl: 1000 });
  const a = await login(mock);
  mock.services.clock.advance(600);
  const b = ((await withToken(t, mock, 'refresh', a)).json as { access_token: string }).access_token;
  mock.services.clock.advance(500);
  t.equal((await withToken(t, mock, 'verify', b)).status, 200, 'the token itself is still valid');
  const refused = await withToken(t, mock, 'refresh', b);
  t.equal(refused.status, 401);
  t.match(refused.json, { message: /maximum lifetime/ });
});

t.test("another profile's token is not a storefront token", async (t) => {
  const mock = mockApp(t, ['oracle-commerce', 'vcf']);
  const vcf = await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  const reply = await withToken(t, mock, 'refresh', foreign);
  t.equal(reply.status, 401);
  t.match(reply.json, { message: /not issued by this storefront/ });
});
