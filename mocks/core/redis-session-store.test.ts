import t, { type Test } from 'tap';
import { redisCommand, testRedis } from '../../test/helpers/redis.js';
import { createClock } from './clock.js';
import { connectRedis, parseStoreUrl } from './redis-connection.js';
import { RedisSessionStore } from './redis-session-store.js';

// Two connections stand for two mock processes: each store is what one process would build.
async function twoStores(t: Test, options: { maxSessions?: number; prefix?: string } = {}) {
  const redis = await testRedis(t);
  const target = parseStoreUrl(redis.url);
  if (target.kind !== 'redis') throw new Error('a redis URL was expected');
  const clock = createClock(() => 1_000_000);
  const connect = async () => {
    const connection = await connectRedis(target);
    t.teardown(() => connection.close());
    return new RedisSessionStore({
      scripts: connection.scripts,
      clock,
      prefix: options.prefix ?? 'tokenrig:/',
      ...(options.maxSessions ? { maxSessions: options.maxSessions } : {}),
    });
  };
  return { redis, clock, target, a: await connect(), b: await connect() };
}

t.test('a session opened through one connection is seen, rotated and revoked through another', async (t) => {
  const { clock, a, b } = await twoStores(t);
  const session = await a.open('s1', 'flolive', 'demo', 100);
  await a.addRefreshToken(session, 'r1', 100);
  t.equal((await b.inspect('r1')).status, 'active');
  t.equal((await b.rotate('r1')).status, 'active', 'B rotates the token A issued');
  await b.addRefreshToken(session, 'r2', 100);
  t.equal((await a.inspect('r1')).status, 'reused', 'A sees the rotation');
  t.equal((await a.rotate('r1')).status, 'reused', 'a replay on A');
  t.equal((await b.inspect('r2')).status, 'revoked', 'revokes the family on B');
  t.equal((await b.get('s1'))?.revokedReason, 'reuse-detected');
  clock.advance(0);
  t.equal((await a.inspect('nope')).status, 'unknown');
});

t.test('a rotation with a successor stores it in the same step; a refused one stores nothing', async (t) => {
  const { a, b } = await twoStores(t);
  const session = await a.open('s1', 'flolive', 'demo', 100);
  await a.addRefreshToken(session, 'r1', 100);
  const [first, second] = await Promise.all([
    a.rotate('r1', 60_000, { token: 'ra', ttlSeconds: 100 }),
    b.rotate('r1', 60_000, { token: 'rb', ttlSeconds: 100 }),
  ]);
  const winner = first?.status === 'active' ? 'ra' : 'rb';
  t.same([first?.status, second?.status].sort(), ['active', 'reused'], 'one of two wins');
  t.same((await b.get('s1'))?.refreshTokens, ['r1', winner], "only the winner's successor is stored");
  t.equal((await a.inspect(winner)).status, 'active', 'and is live on the other connection at once');
});

t.test('of 50 concurrent rotations of one token over two connections exactly one wins', async (t) => {
  const { a, b } = await twoStores(t);
  for (let round = 0; round < 50; round++) {
    const session = await a.open(`s${round}`, 'dreadnode', 'demo', 100);
    await a.addRefreshToken(session, `r${round}`, 100);
    // A grace long enough that the losers are refused without revoking: the count of winners is the point.
    const outcomes = await Promise.all([
      a.rotate(`r${round}`, 60_000),
      b.rotate(`r${round}`, 60_000),
      a.rotate(`r${round}`, 60_000),
      b.rotate(`r${round}`, 60_000),
    ]);
    const wins = outcomes.filter((o) => o.status === 'active').length;
    if (wins !== 1) t.fail(`round ${round}: ${wins} rotations won`);
  }
  t.pass('one winner in each of 50 rounds');
});

t.test('expiry, grace and revocation by user follow the mock clock', async (t) => {
  const { clock, a, b } = await twoStores(t);
  const s = await a.open('s1', 'vcf', 'alice', 100);
  await a.addRefreshToken(s, 'ra', 100);
  clock.advance(99);
  t.equal((await b.inspect('ra')).status, 'active');
  clock.advance(1);
  t.equal((await b.inspect('ra')).status, 'expired');
  const u = await a.open('s2', 'vcf', 'bob', 100);
  await a.addRefreshToken(u, 'rb', 100);
  t.equal(await b.revokeUser('bob'), 1);
  t.equal(await b.revokeUser('bob'), 0, 'nothing new the second time');
  t.equal((await a.inspect('rb')).status, 'revoked');
  t.equal(await a.revoke('s1', 'admin'), true);
  t.equal(await a.revoke('s1', 'admin'), false);
  t.strictSame(await b.counts(), { live: 0, revoked: 2, expired: 0 });
});

t.test('a new access token is recorded only while the one it replaces is the newest', async (t) => {
  const { a, b } = await twoStores(t);
  await a.open('s1', 'oracle-commerce', 'demo', 100);
  t.equal(await a.issued('s1', 'j1', 2_000_000), true, 'the login records its token');
  const [x, y] = await Promise.all([
    a.issued('s1', 'j2', 2_000_000, 'j1'),
    b.issued('s1', 'j3', 2_000_000, 'j1'),
  ]);
  t.equal([x, y].filter(Boolean).length, 1, 'one of two concurrent refreshes of j1');
  t.equal(await a.issued('s1', 'j4', 2_000_000, 'j1'), false, 'j1 is superseded');
  t.equal((await b.get('s1'))?.expiresAt, 2_000_000, 'the session lives as long as its newest token');
});

t.test('the session cap holds across connections, oldest first', async (t) => {
  const { redis, a, b } = await twoStores(t, { maxSessions: 3 });
  for (let i = 0; i < 10; i++) {
    const store = i % 2 === 0 ? a : b;
    await store.addRefreshToken(await store.open(`s${i}`, 'vcf', 'demo', 100), `r${i}`, 100);
  }
  t.strictSame(
    (await a.list()).map((s) => s.id),
    ['s7', 's8', 's9'],
  );
  t.equal((await b.inspect('r0')).status, 'unknown', 'the evicted family forgot its tokens');
  t.equal(await redisCommand(redis.port, 'SCARD', 'tokenrig:/u:demo'), ':3\r\n', "and the user's set its id");
});

t.test(
  "sessions Redis expired leave the user's set as logins go on: it stays near the live ones",
  async (t) => {
    const { redis, target, a } = await twoStores(t);
    // 200 sessions whose keys Redis drops by their TTL: a second's lifetime, kept no while after it.
    const connection = await connectRedis(target);
    t.teardown(() => connection.close());
    const clock = createClock(() => 1_000_000);
    const expiring = new RedisSessionStore({
      scripts: connection.scripts,
      clock,
      prefix: 'tokenrig:/',
      keepRevokedMs: 0,
    });
    for (let i = 0; i < 200; i++) await expiring.open(`old${i}`, 'vcf', 'demo', 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (let i = 0; i < 200; i++) await a.open(`new${i}`, 'vcf', 'demo', 100);
    const size = Number((await redisCommand(redis.port, 'SCARD', 'tokenrig:/u:demo')).slice(1));
    t.ok(size < 260, `the set holds ${size} ids for 200 live sessions (400 opened)`);
  },
);

t.test('namespaces: one prefix never sees or clears another', async (t) => {
  const { redis } = await twoStores(t);
  const target = parseStoreUrl(redis.url);
  if (target.kind !== 'redis') throw new Error('a redis URL was expected');
  const connection = await connectRedis(target);
  t.teardown(() => connection.close());
  const clock = createClock(() => 0);
  const one = new RedisSessionStore({ scripts: connection.scripts, clock, prefix: 'tokenrig:ns/one:' });
  const two = new RedisSessionStore({ scripts: connection.scripts, clock, prefix: 'tokenrig:ns/two:' });
  await one.addRefreshToken(await one.open('s', 'vcf', 'demo', 100), 'r', 100);
  t.equal((await two.inspect('r')).status, 'unknown');
  await two.addRefreshToken(await two.open('s', 'vcf', 'demo', 100), 'r', 100);
  await two.clear();
  t.equal((await one.inspect('r')).status, 'active', "two's clear left one alone");
  t.equal((await two.inspect('r')).status, 'unknown');
});

t.test('Redis restarted: calls fail while it is down and work again after, scripts reloaded', async (t) => {
  const { redis, a } = await twoStores(t);
  await a.open('before', 'vcf', 'demo', 100);
  await redis.stop();
  await t.rejects(a.open('during', 'vcf', 'demo', 100), 'a call while Redis is down fails at once');
  await redis.start();
  let session: unknown;
  for (let i = 0; i < 40 && session === undefined; i++) {
    session = await a.open('after', 'vcf', 'demo', 100).catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return undefined;
    });
  }
  t.ok(session, 'service resumes by itself, with the scripts sent again');
});

t.test('--store URLs: memory, redis, and clear refusals', async (t) => {
  t.strictSame(parseStoreUrl(undefined), { kind: 'memory' });
  t.strictSame(parseStoreUrl('memory'), { kind: 'memory' });
  t.strictSame(parseStoreUrl('redis://127.0.0.1:6390/2'), {
    kind: 'redis',
    url: 'redis://127.0.0.1:6390/2',
    address: '127.0.0.1:6390',
    database: 2,
  });
  for (const bad of ['nonsense', 'http://x/', 'redis://host/db'])
    t.throws(() => parseStoreUrl(bad), { name: 'StoreUrlError' }, bad);
  const closed = parseStoreUrl('redis://127.0.0.1:1/0');
  if (closed.kind !== 'redis') throw new Error('a redis URL was expected');
  await t.rejects(connectRedis(closed, { timeoutMs: 1000 }), {
    name: 'StoreUnreachableError',
    message: /127\.0\.0\.1:1/,
  });
});
