/**
 * Memory under sustained issuance over the Redis store: `tokenrig mock --store redis://…` with short
 * TTLs, the same logins as memory.ts (round-robin over the four one-request logins) driven by autocannon,
 * and at each checkpoint what Redis holds (INFO memory's used_memory, DBSIZE, the largest user set) and
 * the mock process's RSS. The bench's own redis-server, started here and stopped at the end.
 */
import { logins } from './memory.js';
import { serve } from './processes.js';
import { type BenchRedis, startRedis } from './redis.js';

export interface RedisMemoryCheckpoint {
  readonly logins: number;
  /** INFO memory's used_memory, MiB: the data and Redis's own structures. */
  readonly usedMemoryMiB: number;
  readonly redisRssMiB: number;
  readonly keys: number;
  /** The largest `u:<name>` set (a user's session ids, for revokeUser): MiB and ids in it. */
  readonly userSet?: { readonly key: string; readonly mib: number; readonly members: number };
  readonly mockRssMiB: number;
  readonly sessions: number;
  readonly loginsPerSecond: number;
  /** Logins answered with an error or not 2xx, up to this checkpoint. */
  readonly failedLogins: number;
}

export interface RedisMemoryResult {
  readonly version?: string;
  readonly ttlSeconds: number;
  /** The mock's RSS and Redis's used_memory before the first login. */
  readonly start?: { readonly mockRssMiB: number; readonly usedMemoryMiB: number; readonly keys: number };
  readonly checkpoints: RedisMemoryCheckpoint[];
  /** Why it stopped short (redis-server missing, the mock did not start or went away). */
  readonly failed?: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function redisMemory(
  checkpoints: readonly number[],
  ttlSeconds: number,
): Promise<RedisMemoryResult> {
  let redis: BenchRedis;
  try {
    redis = await startRedis();
  } catch (error) {
    return { ttlSeconds, checkpoints: [], failed: messageOf(error) };
  }
  const results: RedisMemoryCheckpoint[] = [];
  let start: RedisMemoryResult['start'];
  let mock: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    const ttl = String(ttlSeconds);
    mock = await serve([
      'bin/tokenrig.js',
      'mock',
      '--quiet',
      '--port',
      '0',
      '--store',
      redis.url,
      '--access-ttl',
      ttl,
      '--refresh-ttl',
      ttl,
    ]);
    start = {
      mockRssMiB: mock.rssMiB(),
      usedMemoryMiB: await redis.usedMemoryMiB(),
      keys: await redis.keys(),
    };
    let done = 0;
    let failedLogins = 0;
    for (const checkpoint of [...checkpoints].sort((a, b) => a - b)) {
      const r = await logins(mock.url, checkpoint - done);
      // Counted, not thrown: a login the store refused is a finding to report beside the figures.
      failedLogins += r.non2xx + r.errors;
      done = checkpoint;
      // The mock's own health answer, whose shape its admin API documents; json() types it unknown.
      const health = (await (await fetch(`${mock.url}/__admin/health`)).json()) as { sessions: number };
      const userSet = await redis.largestSet('*s:u:*');
      results.push({
        logins: done,
        usedMemoryMiB: await redis.usedMemoryMiB(),
        redisRssMiB: redis.rssMiB(),
        keys: await redis.keys(),
        ...(userSet ? { userSet } : {}),
        mockRssMiB: mock.rssMiB(),
        sessions: health.sessions,
        loginsPerSecond: r.requests.average,
        failedLogins,
      });
    }
    return { version: redis.version, ttlSeconds, start, checkpoints: results };
  } catch (error) {
    const reason = messageOf(error).split('\n')[0] ?? '';
    return { version: redis.version, ttlSeconds, start, checkpoints: results, failed: reason };
  } finally {
    await mock?.stop();
    await redis.stop();
  }
}

const count = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ');
const mib = (n: number) => `${n.toFixed(1)} MiB`;

export function printRedisMemory(result: RedisMemoryResult): void {
  const last = result.checkpoints.at(-1);
  const logins = last?.logins ?? 0;
  console.log(
    `\nMemory over --store redis://… (${result.version ? `redis-server ${result.version}, the bench's own` : 'redis-server'}; --access-ttl ${result.ttlSeconds} --refresh-ttl ${result.ttlSeconds}, default cap 20 000 sessions; the memory part's logins, over HTTP${logins > 0 && logins < 1_000_000 ? `; ${count(logins)} logins, far fewer than the 1 000 000 of a full run` : ''})`,
  );
  if (result.start) {
    console.log(
      `  at start                 Redis used_memory ${mib(result.start.usedMemoryMiB)}, ${result.start.keys} keys; mock RSS ${mib(result.start.mockRssMiB)}`,
    );
  }
  for (const c of result.checkpoints) {
    console.log(
      `  after ${count(c.logins).padStart(9)} logins  Redis used_memory ${mib(c.usedMemoryMiB)} (its RSS ${mib(c.redisRssMiB)}), ${c.keys} keys${c.userSet ? `, largest user set ${mib(c.userSet.mib)} (${c.userSet.members} ids)` : ''}; mock RSS ${mib(c.mockRssMiB)}; sessions ${c.sessions}; ${c.loginsPerSecond.toFixed(0)} logins/s` +
        (c.failedLogins ? `  (${c.failedLogins} logins failed or not 2xx)` : ''),
    );
  }
  if (result.failed) console.log(`  could not be measured: ${result.failed}`);
  if (!last) return;
  console.log(
    `  what bounds it: the session cap (--max-sessions: past it the oldest session goes with its refresh tokens) and each key's TTL, its token's expiry (${result.ttlSeconds} s here) plus the hour an expired or revoked token is kept`,
  );
  // A set holding more ids than there are sessions keeps ids of sessions the cap has dropped.
  const over = last.userSet && last.userSet.members > last.sessions ? last.userSet : undefined;
  if (over) {
    console.log(
      `  ${over.key} holds ${over.members} session ids for ${last.sessions} sessions: the cap drops a session but not its id from the user's set, which only its TTL (renewed at each login) ends`,
    );
  }
}
