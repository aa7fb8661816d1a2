import t from 'tap';
import { cookies, deviceLogin } from '../../test/helpers/dreadnode.js';
import { call, mockApp } from '../../test/helpers/mock.js';
import { bearer, claimsOf, login, REFRESH, VERIFY } from '../../test/helpers/oracle-commerce.js';
import { createClock } from '../core/clock.js';

const lifetime = (token: string) => {
  const { exp, iat } = claimsOf(token) as { exp: number; iat: number };
  return exp - iat;
};

/** The wall clock stopped on a whole second: token lifetimes are whole seconds, and real time must not eat into them. */
const fixedClock = () => createClock(() => 1_800_000_000_000);

t.test('short-lived: a refreshed token expires after its seconds on the mock clock', async (t) => {
  const mock = mockApp(t, ['oracle-commerce'], { scenarios: ['short-lived=5'], clock: fixedClock() });
  const first = await login(mock);
  t.equal(lifetime(first), 5, 'the login token lives 5 s');
  mock.services.clock.advance(4);
  const renewed = await call(mock, 'POST', REFRESH, { headers: bearer(first) });
  t.equal(renewed.status, 200, 'refreshed before it expired');
  const { access_token: second, expires_in } = renewed.json as { access_token: string; expires_in: number };
  t.equal(expires_in, 5, 'expires_in says so');
  t.equal(lifetime(second), 5);
  mock.services.clock.advance(2);
  t.equal(
    (await call(mock, 'POST', VERIFY, { headers: bearer(first) })).status,
    401,
    'the first expired at 5 s',
  );
  t.equal((await call(mock, 'POST', VERIFY, { headers: bearer(second) })).status, 200, 'the second lives on');
  mock.services.clock.advance(3);
  t.equal(
    (await call(mock, 'POST', VERIFY, { headers: bearer(second) })).status,
    401,
    'expired 5 s after its refresh',
  );
  t.equal(
    (await call(mock, 'POST', REFRESH, { headers: bearer(second) })).status,
    401,
    'too late to refresh',
  );
});

t.test(
  'without it the vendor lifetime holds (the same steps pass where short-lived fails them)',
  async (t) => {
    const mock = mockApp(t, ['oracle-commerce'], { clock: fixedClock() });
    const token = await login(mock);
    t.equal(lifetime(token), 900);
    mock.services.clock.advance(9);
    t.equal((await call(mock, 'POST', VERIFY, { headers: bearer(token) })).status, 200);
  },
);

t.test("short-lived: Dreadnode's access cookie lives as long as its token", async (t) => {
  const mock = mockApp(t, ['dreadnode'], { scenarios: ['short-lived=7'], clock: fixedClock() });
  const { pair, reply } = await deviceLogin(t, mock);
  t.equal(lifetime(pair.access_token), 7);
  t.match(
    cookies(reply).find((line) => line.startsWith('access_token=')),
    /; Max-Age=7;/,
  );
  t.match(
    cookies(reply).find((line) => line.startsWith('refresh_token=')),
    /; Max-Age=604800;/,
    'the refresh cookie keeps its lifetime',
  );
});
