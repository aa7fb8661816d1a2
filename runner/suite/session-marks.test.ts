import t from 'tap';
import { sessionProblem } from './session-marks.js';
import type { Suite, SuiteCase } from './types.js';

const refresh = { name: 'refresh', operation: 'refresh', capture: { latest: '/refresh_token' } };
const suite = (bootstrap: boolean): Suite => ({
  profile: 'dreadnode',
  ...(bootstrap
    ? { bootstrap: { provides: ['refreshToken'], steps: [{ name: 'login', operation: 'device-code' }] } }
    : {}),
  cases: [],
});
const check = (c: Partial<SuiteCase>, bootstrap = true) => {
  const full: SuiteCase = { id: 'd.c', title: 'c', steps: [refresh], ...c };
  return sessionProblem(suite(bootstrap), full);
};

t.test('well-marked cases have no problem', async (t) => {
  t.equal(check({}), undefined);
  t.equal(check({ session: 'shared' }), undefined);
  t.equal(check({ session: 'rotates', handsBack: { refreshToken: 'latest' } }), undefined);
  t.equal(check({ destructive: 'revokes the family' }), undefined);
});

t.test('each wrong mark is named at its pointer', async (t) => {
  t.match(check({ session: 'shared' }, false), {
    pointer: '/session',
    problem: /needs the suite's bootstrap/,
  });
  t.match(check({ session: 'shared', destructive: 'x' }), { pointer: '/destructive' });
  t.match(check({ session: 'rotates' }), { pointer: '/session', problem: /needs handsBack/ });
  t.match(check({ handsBack: { refreshToken: 'latest' } }), {
    pointer: '/handsBack',
    problem: /session "rotates"/,
  });
  t.match(check({ session: 'rotates', handsBack: { accessToken: 'latest' } }), {
    pointer: '/handsBack/accessToken',
    problem: /provides no accessToken/,
  });
  t.match(check({ session: 'rotates', handsBack: { refreshToken: 'nope' } }), {
    pointer: '/handsBack/refreshToken',
    problem: /no step of the case captures nope/,
  });
});
