import t from 'tap';
import { createClock } from './clock.js';
import { MemorySessionStore } from './session-store.js';

function setup(options: { maxSessions?: number; keepRotated?: number } = {}) {
  const clock = createClock(() => 0);
  return { clock, store: new MemorySessionStore({ clock, ...options }) };
}

t.test('a refresh token is active until it expires', async (t) => {
  const { clock, store } = setup();
  const s = await store.open('s1', 'vcf', 'demo', 100);
  await store.addRefreshToken(s, 'r1', 100);
  t.equal((await store.inspect('r1')).status, 'active');
  t.equal((await store.inspect('nope')).status, 'unknown');
  clock.advance(99);
  t.equal((await store.inspect('r1')).status, 'active');
  clock.advance(1);
  t.equal((await store.inspect('r1')).status, 'expired');
});

t.test('rotation: the old token is consumed, reuse revokes the family', async (t) => {
  const { store } = setup();
  const s = await store.open('s1', 'flolive', 'demo', 100);
  await store.addRefreshToken(s, 'r1', 100);
  t.equal((await store.rotate('r1')).status, 'active');
  await store.addRefreshToken(s, 'r2', 100);
  t.equal((await store.inspect('r2')).status, 'active');
  t.equal((await store.rotate('r1')).status, 'reused');
  t.equal((await store.inspect('r2')).status, 'revoked', 'the newest token of the family dies too');
  t.equal(s.revokedReason, 'reuse-detected');
  t.equal((await store.get('s1'))?.revokedAt !== undefined, true, 'the session is revoked');
});

t.test('a rotation with a successor stores it in the same step; a refused one stores nothing', async (t) => {
  const { store } = setup();
  const s = await store.open('s1', 'flolive', 'demo', 100);
  await store.addRefreshToken(s, 'r1', 100);
  const lookup = await store.rotate('r1', 0, { token: 'r2', ttlSeconds: 100 });
  t.equal(lookup.status, 'active');
  t.same(lookup.status === 'active' && lookup.session.refreshTokens, ['r1', 'r2'], 'the view has it');
  t.equal((await store.inspect('r2')).status, 'active', 'the successor is live at once');
  t.equal((await store.rotate('r1', 60_000, { token: 'r3', ttlSeconds: 100 })).status, 'reused');
  t.equal(await store.holds('r3'), false, 'a replay adds nothing to the family');
});

t.test('reuse within the grace period is refused without revoking the family', async (t) => {
  const { clock, store } = setup();
  const s = await store.open('s1', 'dreadnode', 'demo', 100);
  await store.addRefreshToken(s, 'r1', 100);
  await store.rotate('r1', 2000);
  await store.addRefreshToken(s, 'r2', 100);
  t.equal((await store.rotate('r1', 2000)).status, 'reused');
  t.equal((await store.inspect('r2')).status, 'active');
  clock.advance(2);
  t.equal((await store.rotate('r1', 2000)).status, 'reused');
  t.equal((await store.inspect('r2')).status, 'revoked');
});

t.test('only one of many rotations of the same token succeeds', async (t) => {
  const { store } = setup();
  const s = await store.open('s1', 'flolive', 'demo', 100);
  await store.addRefreshToken(s, 'r1', 100);
  const outcomes = (await Promise.all(Array.from({ length: 20 }, () => store.rotate('r1')))).map(
    (l) => l.status,
  );
  t.equal(outcomes.filter((o) => o === 'active').length, 1);
});

t.test('revocation by session and by user', async (t) => {
  const { store } = setup();
  const a = await store.open('a', 'vcf', 'alice', 100);
  const b = await store.open('b', 'vcf', 'bob', 100);
  await store.addRefreshToken(a, 'ra', 100);
  await store.addRefreshToken(b, 'rb', 100);
  t.equal(await store.revoke('a', 'revoked'), true);
  t.equal(await store.revoke('a', 'revoked'), false, 'revoking twice reports nothing new');
  t.equal((await store.inspect('ra')).status, 'revoked');
  t.equal(await store.revokeUser('bob'), 1);
  t.equal((await store.inspect('rb')).status, 'revoked');
});

t.test('the store is bounded: cap, expired sessions, rotated history', async (t) => {
  const { clock, store } = setup({ maxSessions: 3, keepRotated: 2 });
  for (let i = 0; i < 10; i++)
    await store.addRefreshToken(await store.open(`s${i}`, 'vcf', 'demo', 10), `r${i}`, 10);
  t.equal(await store.size(), 3);
  t.equal(store.refreshTokenCount, 3);
  t.equal((await store.inspect('r0')).status, 'unknown', 'the oldest session was evicted first');
  t.equal((await store.inspect('r9')).status, 'active');

  clock.advance(11);
  await store.open('fresh', 'vcf', 'demo', 10);
  t.equal(await store.size(), 1, 'expired sessions are dropped on the next login');

  const s = await store.get('fresh');
  if (!s) throw new Error('session missing');
  for (let i = 0; i < 10; i++) {
    await store.addRefreshToken(s, `f${i}`, 10);
    await store.rotate(`f${i}`);
  }
  t.equal(s.refreshTokens.length, 3, 'rotated history is capped at keepRotated + 1');
  t.equal(store.refreshTokenCount, 3);
});

t.test('eviction stays oldest-first through many turnovers of the cap, and after a clear', async (t) => {
  const { clock, store } = setup({ maxSessions: 100 });
  // Sessions with longer lives opened later: expiry alone never evicts, only the cap does.
  for (let i = 0; i < 5000; i++) await store.open(`s${i}`, 'vcf', 'demo', 1000 + i);
  t.equal(await store.size(), 100);
  t.strictSame(
    (await store.list()).map((s) => s.id),
    Array.from({ length: 100 }, (_, i) => `s${4900 + i}`),
    'the 100 newest survive, in order',
  );
  await store.clear();
  await store.open('a', 'vcf', 'demo', 10);
  await store.open('b', 'vcf', 'demo', 20);
  clock.advance(15);
  await store.open('c', 'vcf', 'demo', 10);
  t.strictSame(
    (await store.list()).map((s) => s.id),
    ['b', 'c'],
    'the expired head is dropped, the live one behind it kept',
  );
});

t.test('constructor refuses a nonsense cap', async (t) => {
  const clock = createClock();
  t.throws(() => new MemorySessionStore({ clock, maxSessions: 0 }), RangeError);
});
