import { createServer } from 'node:net';
import t from 'tap';
import { redisCommand, sharedRedisUrl, testRedis } from './redis.js';

// The helper the Redis store's tests stand on, against Debian's redis-server itself.

t.test(
  'a server of its own: PING, SET/GET, refused once stopped, the same port again after start',
  async (t) => {
    const redis = await testRedis(t);
    t.equal(redis.url, `redis://127.0.0.1:${redis.port}/0`);
    t.equal(await redisCommand(redis.port, 'PING'), '+PONG\r\n');

    // A value with a CRLF and a two-byte character: lengths are counted in bytes, not cut at a line end.
    const value = 'välue\r\nsecond line';
    t.equal(await redisCommand(redis.port, 'SET', 'tokenrig:probe', value), '+OK\r\n');
    t.equal(
      await redisCommand(redis.port, 'GET', 'tokenrig:probe'),
      `$${Buffer.byteLength(value)}\r\n${value}\r\n`,
    );
    t.equal(await redisCommand(redis.port, 'GET', 'tokenrig:absent'), '$-1\r\n');
    t.equal(await redisCommand(redis.port, 'DBSIZE'), ':1\r\n');
    t.equal(
      await redisCommand(redis.port, 'MGET', 'tokenrig:probe', 'tokenrig:absent'),
      `*2\r\n$19\r\n${value}\r\n$-1\r\n`,
    );
    t.match(await redisCommand(redis.port, 'NOSUCHCOMMAND'), /^-ERR unknown command/);

    await redis.stop();
    await t.rejects(
      redisCommand(redis.port, 'PING'),
      { code: 'ECONNREFUSED' },
      'nothing listens once stopped',
    );

    await redis.start();
    t.equal(await redisCommand(redis.port, 'PING'), '+PONG\r\n', 'answers again on the same port');
    t.equal(await redisCommand(redis.port, 'DBSIZE'), ':0\r\n', 'nothing persisted: it starts empty');
  },
);

t.test('start() refuses a port something else took while the server was down', async (t) => {
  const redis = await testRedis(t);
  await redis.stop();
  // Accepts and never answers, so the helper's PING must give up on it; resume() reads the client's end,
  // without which the socket stays open and close() below never finishes.
  const squatter = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => squatter.listen(redis.port, '127.0.0.1', resolve));
  await t.rejects(redis.start(), { message: /Address already in use/ });
  await new Promise((resolve) => squatter.close(resolve));
  await redis.start();
  t.equal(await redisCommand(redis.port, 'PING'), '+PONG\r\n');
});

t.test('without redis-server on PATH it fails, with the fix in the message; it never skips', async (t) => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await t.rejects(testRedis(t), {
      message: "redis-server not found: install Debian's redis-server (bash .ci/redis)",
    });
  } finally {
    process.env.PATH = path;
  }
});

t.test("sharedRedisUrl: .ci/run's server when it set one, else a server of the test's own", async (t) => {
  const shared = process.env.TOKENRIG_TEST_REDIS_URL;
  t.teardown(() => {
    if (shared === undefined) delete process.env.TOKENRIG_TEST_REDIS_URL;
    else process.env.TOKENRIG_TEST_REDIS_URL = shared;
  });
  process.env.TOKENRIG_TEST_REDIS_URL = 'redis://127.0.0.1:6390';
  t.equal(await sharedRedisUrl(t), 'redis://127.0.0.1:6390');

  delete process.env.TOKENRIG_TEST_REDIS_URL;
  const url = await sharedRedisUrl(t);
  const port = /^redis:\/\/127\.0\.0\.1:(\d+)\/0$/.exec(url)?.[1];
  if (!port) throw new Error(`not a loopback Redis URL: ${url}`);
  t.equal(await redisCommand(Number(port), 'PING'), '+PONG\r\n');
});

t.test('redisCommand needs a command', async (t) => {
  await t.rejects(redisCommand(1), { message: 'redisCommand needs a command' });
});
