/**
 * Mock throughput and latency: autocannon drives each profile's stateful refresh (a pool of sessions
 * logged in beforehand; rotating profiles rotate for real, each answer's new token feeding the next
 * request) and a bare node:http baseline, alternately, for several rounds, so every ratio compares
 * figures measured minutes apart on the same machine. Server and load generator are separate processes.
 */
import autocannon from 'autocannon';
import { PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { fmt, median, serve } from './processes.js';
import { BENCH_PROFILES, type SessionState } from './profiles.js';

export interface ThroughputFigure {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
  readonly errors: number;
}

export interface ThroughputOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: number;
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

export async function throughput(
  options: ThroughputOptions,
): Promise<{ baseline: ThroughputFigure; profiles: ThroughputFigure[] }> {
  const samples = new Map<string, ThroughputFigure[]>();
  const add = (f: ThroughputFigure) => samples.set(f.name, [...(samples.get(f.name) ?? []), f]);
  for (let round = 0; round < options.rounds; round++) {
    const baseline = await serve(['dist/bench/baseline-server.js']);
    const b = await load(baseline.url, options.seconds, options.connections);
    add({
      name: 'baseline',
      rps: b.requests.average,
      p50: b.latency.p50,
      p99: b.latency.p99,
      rssMiB: baseline.rssMiB(),
      errors: b.errors + b.non2xx,
    });
    await baseline.stop();
    for (const profile of PROFILE_IDS) {
      const mock = await serve(['bin/tokenrig.js', 'mock', '--quiet', '--port', '0', '--api', profile]);
      const r = await load(mock.url, options.seconds, options.connections, profile);
      add({
        name: profile,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        rssMiB: mock.rssMiB(),
        errors: r.errors + r.non2xx,
      });
      await mock.stop();
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
      errors: s.reduce((n, x) => n + x.errors, 0),
    };
  };
  return { baseline: summarise('baseline'), profiles: PROFILE_IDS.map(summarise) };
}

export function printThroughput(
  result: Awaited<ReturnType<typeof throughput>>,
  options: ThroughputOptions,
): void {
  console.log(
    `\nMock refresh throughput (autocannon, ${options.connections} connections, ${options.seconds} s × ${options.rounds} rounds, medians)`,
  );
  const row = (f: ThroughputFigure) =>
    `  ${f.name.padEnd(16)} ${fmt(f.rps).padStart(7)} req/s  p50 ${fmt(f.p50, 1).padStart(5)} ms  p99 ${fmt(f.p99, 1).padStart(5)} ms  RSS ${fmt(f.rssMiB).padStart(4)} MiB  ${fmt(f.rps / result.baseline.rps, 2)}× baseline${f.errors ? `  (${f.errors} errors/non-2xx)` : ''}`;
  console.log(row(result.baseline));
  for (const f of result.profiles) console.log(row(f));
}
