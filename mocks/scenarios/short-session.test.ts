import t from 'tap';
import { demo, login, pairOf, refresh, TOKEN } from '../../test/helpers/flolive.js';
import { call, mockApp } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';

/** The wall clock stopped on a whole second: token lifetimes are whole seconds, and real time must not eat into them. */
const fixedClock = () => createClock(() => 1_800_000_000_000);

t.test('short-session: a refresh token dies after its seconds; only a new login helps', async (t) => {
  const mock = mockApp(t, ['flolive'], { scenarios: ['short-session=30'], clock: fixedClock() });
  const first = pairOf(await login(t, mock));
  mock.services.clock.advance(29);
  const renewed = await refresh(t, mock, { json: first });
  t.equal(renewed.status, 200, 'alive at 29 s');
  const second = pairOf(renewed);
  mock.services.clock.advance(30);
  const late = await refresh(t, mock, { json: second });
  t.equal(late.status, 401, 'dead 30 s after it was issued');
  t.match(late.json, { errorCode: 'AUTH_1002' }, "floLIVE's own answer for a bad token");
  t.equal((await call(mock, 'POST', TOKEN, { json: demo })).status, 200, 'a new login works');
});

t.test('without it the same refresh succeeds', async (t) => {
  const mock = mockApp(t, ['flolive'], { clock: fixedClock() });
  const first = pairOf(await login(t, mock));
  mock.services.clock.advance(59);
  t.equal((await refresh(t, mock, { json: first })).status, 200);
});
