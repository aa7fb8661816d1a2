/**
 * Mock throughput and latency: autocannon drives each profile's stateful refresh (a pool of sessions
 * logged in beforehand; rotating profiles rotate for real, each answer's new token feeding the next
 * request), a bare node:http baseline and bare Hono (the framework's ceiling), alternately, for several
 * rounds, so every ratio compares figures measured seconds apart on the same machine. Server and load
 * generator are separate processes on separate cores; a figure whose generator used ≥ 90 % of its core
 * is marked, since the generator, not the server, may have set it. Two profiles are also measured with
 * their state in the bench's own redis-server (`--store redis://…`, one process and `--workers 2`).
 */

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { findPrism, freePort, prismArgs } from './prism.js';
import { median, pinForLoad, type ServeOptions, serve, unpin } from './processes.js';
import { BENCH_PROFILES, type SessionState } from './profiles.js';
import { type BenchRedis, startRedis } from './redis.js';

export interface ThroughputFigure {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
  /** Server CPU per answered request, µs: the cost of a request whatever the generator managed. */
  readonly cpuUs: number;
  /** Of cpuUs, what the redis-server spent (rows over the Redis store). */
  readonly storeCpuUs?: number;
  /** Share of one core the load generator used. */
  readonly generatorCpu: number;
  readonly errors: number;
  /** Rounds measured: 0 for a row this run left out (`--only redis`) or could not measure. */
  readonly rounds: number;
  /** Why a round of this row could not be measured (its other rounds, if any, still count). */
  readonly failed?: string;
}

export const LOGGED = 'vcf, logging';

/**
 * The profiles measured over the Redis store too, not all five, to keep the bench's length: vcf reuses
 * its refresh token (a refresh reads the session and records the new access token's jti), flolive
 * rotates (a refresh also marks the old token rotated and stores its successor, in one script).
 */
export const REDIS_PROFILES: readonly ProfileId[] = ['vcf', 'flolive'];
export const REDIS_WORKERS = 2;
export const redisRow = (profile: ProfileId, workers: number) =>
  workers > 1 ? `${profile}, redis, ${workers} workers` : `${profile}, redis`;

export interface RedisRows {
  /** The redis-server's version, when it started. */
  readonly version?: string;
  /** Each Redis row beside the memory store's row of its profile, measured in the same rounds. */
  readonly rows: { readonly figure: ThroughputFigure; readonly memory: ThroughputFigure }[];
}

export interface ThroughputOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: number;
  /** Only the rows the Redis rows are read against: baseline, the memory store's REDIS_PROFILES, Redis. */
  readonly redisOnly?: boolean;
}

async function load(
  url: string,
  seconds: number,
  connections: number,
  profile?: ProfileId,
): Promise<autocannon.Result> {
  if (!profile) {
    return autocannon({
      url: `${url}/token`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"refresh_token":"3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90"}',
      connections,
      duration: seconds,
    });
  }
  const bench = BENCH_PROFILES[profile];
  // Twice as many sessions as connections: a session is in one request at a time, and returns to the
  // pool with its new token when that request is answered.
  const pool: SessionState[] = await Promise.all(
    Array.from({ length: connections * 2 }, () => bench.login(url)),
  );
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request, context) => {
          const session = pool.shift() ?? pool[0];
          if (!session) throw new Error('session pool is empty');
          (context as { session?: SessionState }).session = session;
          const r = bench.refresh(session);
          // A copy: autocannon writes content-length into the headers object it is given.
          return {
            ...request,
            method: r.method as 'POST',
            path: r.path,
            headers: { ...r.headers },
            body: r.body ?? '',
          };
        },
        onResponse: (status, body, context) => {
          const { session } = context as { session?: SessionState };
          if (session) pool.push(status === 200 ? bench.next(session, body) : session);
        },
      },
    ],
  });
}

export interface ThroughputResult {
  readonly pinned: boolean;
  readonly baseline: ThroughputFigure;
  readonly hono: ThroughputFigure;
  readonly profiles: ThroughputFigure[];
  readonly logged: ThroughputFigure;
  readonly redis: RedisRows;
  readonly prism?: { version: string; figures: ThroughputFigure[] };
}

export async function throughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const prism = findPrism();
  const samples = new Map<string, ThroughputFigure[]>();
  const failures = new Map<string, string>();
  const logFile = join(tmpdir(), `tokenrig-bench-${process.pid}.log`);
  const measure = async (
    name: string,
    args: readonly string[],
    profile?: ProfileId,
    serveOptions?: ServeOptions,
    store?: BenchRedis,
  ) => {
    // A row that cannot be measured says why instead of stopping the bench (Prism cannot serve every
    // flow); its server is stopped either way, or the bench would wait on it for ever.
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    try {
      // Each row over Redis starts from an empty database, as the memory rows start from an empty process.
      await store?.flush();
      server = await serve(args, serveOptions);
      // A second of warm-up, not counted: the figures are of a server whose hot paths are compiled.
      await load(server.url, 1, options.connections, profile);
      const cpu0 = server.cpuSeconds();
      const store0 = store?.cpuSeconds() ?? 0;
      const gen0 = process.cpuUsage();
      const r = await load(server.url, options.seconds, options.connections, profile);
      const gen = process.cpuUsage(gen0);
      const perRequest = (seconds: number) => (seconds * 1e6) / Math.max(1, r.requests.total);
      // Over Redis a request's cost is the mock's CPU and the redis-server's, which shares its core.
      const storeCpuUs = store ? perRequest(store.cpuSeconds() - store0) : undefined;
      const figure: ThroughputFigure = {
        name,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        rssMiB: server.rssMiB(),
        cpuUs: perRequest(server.cpuSeconds() - cpu0) + (storeCpuUs ?? 0),
        ...(storeCpuUs === undefined ? {} : { storeCpuUs }),
        generatorCpu: (gen.user + gen.system) / 1e6 / r.duration,
        errors: r.errors + r.non2xx,
        rounds: 1,
      };
      samples.set(name, [...(samples.get(name) ?? []), figure]);
    } catch (error) {
      failures.set(name, (error as Error).message.split('\n')[0] ?? String(error));
    } finally {
      await server?.stop();
    }
  };
  const pinned = pinForLoad();
  // Started after pinning, so it runs on the servers' core (processes.ts), and kept for every round.
  let redis: BenchRedis | undefined;
  let redisFailed = '';
  try {
    redis = await startRedis();
  } catch (error) {
    redisFailed = error instanceof Error ? error.message : String(error);
  }
  for (let round = 0; round < options.rounds; round++) {
    await measure('baseline', ['dist/bench/baseline-server.js']);
    if (!options.redisOnly) await measure('bare hono', ['dist/bench/hono-server.js']);
    for (const profile of options.redisOnly ? REDIS_PROFILES : PROFILE_IDS) {
      await measure(
        profile,
        ['bin/tokenrig.js', 'mock', '--quiet', '--port', '0', '--api', profile],
        profile,
      );
    }
    // The rows above run with --quiet, the mock's own cost; this one as `tokenrig mock > mock.log` runs,
    // a line per request written to a file.
    if (!options.redisOnly) {
      await measure(LOGGED, ['bin/tokenrig.js', 'mock', '--port', '0', '--api', 'vcf'], 'vcf', {
        stdoutFile: logFile,
      });
    }
    for (const profile of REDIS_PROFILES) {
      // --workers 2 runs on the same one core as every other server here (node:cluster's workers inherit
      // the primary's pinning): on two cores the other belongs to the load generator, so giving the
      // workers both would let them take the generator's time and the ratios would no longer compare
      // like with like. The row shows what a second process and the primary's hand-off cost on one
      // core, not how --workers scales; that needs a core per worker beside the generator's.
      for (const workers of [1, REDIS_WORKERS]) {
        const name = redisRow(profile, workers);
        if (!redis) {
          failures.set(name, redisFailed);
          continue;
        }
        const args = ['bin/tokenrig.js', 'mock', '--quiet', '--port', '0', '--api', profile];
        args.push('--store', redis.url, ...(workers > 1 ? ['--workers', String(workers)] : []));
        await measure(name, args, profile, undefined, redis);
      }
    }
    if (prism && !options.redisOnly) {
      for (const profile of PROFILE_IDS) {
        await measure(`prism ${profile}`, prismArgs(prism, profile, await freePort()), profile, {
          stdoutFile: logFile,
        });
      }
    }
  }
  const summarise = (name: string): ThroughputFigure => {
    const s = samples.get(name) ?? [];
    return {
      name,
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      rssMiB: median(s.map((x) => x.rssMiB)),
      cpuUs: median(s.map((x) => x.cpuUs)),
      ...(s.some((x) => x.storeCpuUs !== undefined)
        ? { storeCpuUs: median(s.map((x) => x.storeCpuUs ?? 0)) }
        : {}),
      generatorCpu: Math.max(...s.map((x) => x.generatorCpu)),
      errors: s.reduce((n, x) => n + x.errors, 0),
      rounds: s.length,
      ...(failures.has(name) ? { failed: failures.get(name) } : {}),
    };
  };
  await redis?.stop();
  unpin();
  rmSync(logFile, { force: true });
  const profiles = PROFILE_IDS.map(summarise);
  const memoryRow = (profile: ProfileId) => profiles[PROFILE_IDS.indexOf(profile)] ?? summarise(profile);
  return {
    pinned,
    baseline: summarise('baseline'),
    hono: summarise('bare hono'),
    profiles,
    logged: summarise(LOGGED),
    redis: {
      ...(redis ? { version: redis.version } : {}),
      rows: REDIS_PROFILES.flatMap((profile) =>
        [1, REDIS_WORKERS].map((workers) => ({
          figure: summarise(redisRow(profile, workers)),
          memory: memoryRow(profile),
        })),
      ),
    },
    ...(prism && !options.redisOnly
      ? { prism: { version: prism.version, figures: PROFILE_IDS.map((p) => summarise(`prism ${p}`)) } }
      : {}),
  };
}
