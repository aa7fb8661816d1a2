import t from 'tap';
import { createClock } from './clock.js';
import { SessionStore } from './session-store.js';

function setup(options: { maxSessions?: number; keepRotated?: number } = {}) {
  const clock = createClock(() => 0);
  return { clock, store: new SessionStore({ clock, ...options }) };
}

t.test('a refresh token is active until it expires', (t) => {
  const { clock, store } = setup();
  const s = store.open('s1', 'vcf', 'demo', 100);
  store.addRefreshToken(s, 'r1', 100);
  t.equal(store.inspect('r1').status, 'active');
  t.equal(store.inspect('nope').status, 'unknown');
  clock.advance(99);
  t.equal(store.inspect('r1').status, 'active');
  clock.advance(1);
  t.equal(store.inspect('r1').status, 'expired');
  t.end();
});

t.test('rotation: the old token is consumed, reuse revokes the family', (t) => {
  const { store } = setup();
  const s = store.open('s1', 'flolive', 'demo', 100);
  store.addRefreshToken(s, 'r1', 100);
  t.equal(store.rotate('r1').status, 'active');
  store.addRefreshToken(s, 'r2', 100);
  t.equal(store.inspect('r2').status, 'active');
  t.equal(store.rotate('r1').status, 'reused');
  t.equal(store.inspect('r2').status, 'revoked', 'the newest token of the family dies too');
  t.equal(s.revokedReason, 'reuse-detected');
  t.equal(store.isActive('s1'), false);
  t.end();
});

t.test('reuse within the grace period is refused without revoking the family', (t) => {
  const { clock, store } = setup();
  const s = store.open('s1', 'dreadnode', 'demo', 100);
  store.addRefreshToken(s, 'r1', 100);
  store.rotate('r1', 2000);
  store.addRefreshToken(s, 'r2', 100);
  t.equal(store.rotate('r1', 2000).status, 'reused');
  t.equal(store.inspect('r2').status, 'active');
  clock.advance(2);
  t.equal(store.rotate('r1', 2000).status, 'reused');
  t.equal(store.inspect('r2').status, 'revoked');
  t.end();
});

t.test('only one of many rotations of the same token succeeds', (t) => {
  const { store } = setup();
  const s = store.open('s1', 'flolive', 'demo', 100);
  store.addRefreshToken(s, 'r1', 100);
  const outcomes = Array.from({ length: 20 }, () => store.rotate('r1').status);
  t.equal(outcomes.filter((o) => o === 'active').length, 1);
  t.end();
});

t.test('revocation by session and by user', (t) => {
  const { store } = setup();
  const a = store.open('a', 'vcf', 'alice', 100);
  const b = store.open('b', 'vcf', 'bob', 100);
  store.addRefreshToken(a, 'ra', 100);
  store.addRefreshToken(b, 'rb', 100);
  t.equal(store.revoke('a', 'revoked'), true);
  t.equal(store.revoke('a', 'revoked'), false, 'revoking twice reports nothing new');
  t.equal(store.inspect('ra').status, 'revoked');
  t.equal(store.revokeUser('bob'), 1);
  t.equal(store.inspect('rb').status, 'revoked');
  t.end();
});

t.test('the store is bounded: cap, expired sessions, rotated history', (t) => {
  const { clock, store } = setup({ maxSessions: 3, keepRotated: 2 });
  for (let i = 0; i < 10; i++) store.addRefreshToken(store.open(`s${i}`, 'vcf', 'demo', 10), `r${i}`, 10);
  t.equal(store.size, 3);
  t.equal(store.refreshTokenCount, 3);
  t.equal(store.inspect('r0').status, 'unknown', 'the oldest session was evicted first');
  t.equal(store.inspect('r9').status, 'active');

  clock.advance(11);
  store.open('fresh', 'vcf', 'demo', 10);
  t.equal(store.size, 1, 'expired sessions are dropped on the next login');

  const s = store.get('fresh');
  if (!s) throw new Error('session missing');
  for (let i = 0; i < 10; i++) {
    store.addRefreshToken(s, `f${i}`, 10);
    store.rotate(`f${i}`);
  }
  t.equal(s.refreshTokens.length, 3, 'rotated history is capped at keepRotated + 1');
  t.equal(store.refreshTokenCount, 3);
  t.end();
});

t.test('eviction stays oldest-first through many turnovers of the cap, and after a clear', (t) => {
  const { clock, store } = setup({ maxSessions: 100 });
  // Sessions with longer lives opened later: expiry alone never evicts, only the cap does.
  for (let i = 0; i < 5000; i++) store.open(`s${i}`, 'vcf', 'demo', 1000 + i);
  t.equal(store.size, 100);
  t.strictSame(
    store.list().map((s) => s.id),
    Array.from({ length: 100 }, (_, i) => `s${4900 + i}`),
    'the 100 newest survive, in order',
  );
  store.clear();
  store.open('a', 'vcf', 'demo', 10);
  store.open('b', 'vcf', 'demo', 20);
  clock.advance(15);
  store.open('c', 'vcf', 'demo', 10);
  t.strictSame(
    store.list().map((s) => s.id),
    ['b', 'c'],
    'the expired head is dropped, the live one behind it kept',
  );
  t.end();
});

t.test('constructor refuses a nonsense cap', (t) => {
  const clock = createClock();
  t.throws(() => new SessionStore({ clock, maxSessions: 0 }), RangeError);
  t.end();
});
