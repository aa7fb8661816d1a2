/**
 * Mock throughput and latency: autocannon drives each profile's stateful refresh (a pool of sessions
 * logged in beforehand; rotating profiles rotate for real, each answer's new token feeding the next
 * request), a bare node:http baseline and bare Hono (the framework's ceiling), alternately, for several
 * rounds, so every ratio compares figures measured seconds apart on the same machine. Server and load
 * generator are separate processes on separate cores; a figure whose generator used ≥ 90 % of its core
 * is marked, since the generator, not the server, may have set it.
 */

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { findPrism, freePort, prismArgs } from './prism.js';
import { fmt, median, pinForLoad, type ServeOptions, serve, unpin } from './processes.js';
import { BENCH_PROFILES, type SessionState } from './profiles.js';

export interface ThroughputFigure {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
  /** Server CPU per answered request, µs: the cost of a request whatever the generator managed. */
  readonly cpuUs: number;
  /** Share of one core the load generator used. */
  readonly generatorCpu: number;
  readonly errors: number;
  /** Why a round of this row could not be measured (its other rounds, if any, still count). */
  readonly failed?: string;
}

const LOGGED = 'vcf, logging';

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

export async function throughput(options: ThroughputOptions): Promise<{
  pinned: boolean;
  baseline: ThroughputFigure;
  hono: ThroughputFigure;
  profiles: ThroughputFigure[];
  logged: ThroughputFigure;
  prism?: { version: string; figures: ThroughputFigure[] };
}> {
  const prism = findPrism();
  const samples = new Map<string, ThroughputFigure[]>();
  const failures = new Map<string, string>();
  const logFile = join(tmpdir(), `tokenrig-bench-${process.pid}.log`);
  const measure = async (
    name: string,
    args: readonly string[],
    profile?: ProfileId,
    serveOptions?: ServeOptions,
  ) => {
    // A row that cannot be measured says why instead of stopping the bench (Prism cannot serve every
    // flow); its server is stopped either way, or the bench would wait on it for ever.
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    try {
      server = await serve(args, serveOptions);
      // A second of warm-up, not counted: the figures are of a server whose hot paths are compiled.
      await load(server.url, 1, options.connections, profile);
      const cpu0 = server.cpuSeconds();
      const gen0 = process.cpuUsage();
      const r = await load(server.url, options.seconds, options.connections, profile);
      const gen = process.cpuUsage(gen0);
      const figure: ThroughputFigure = {
        name,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        rssMiB: server.rssMiB(),
        cpuUs: ((server.cpuSeconds() - cpu0) * 1e6) / Math.max(1, r.requests.total),
        generatorCpu: (gen.user + gen.system) / 1e6 / r.duration,
        errors: r.errors + r.non2xx,
      };
      samples.set(name, [...(samples.get(name) ?? []), figure]);
    } catch (error) {
      failures.set(name, (error as Error).message.split('\n')[0] ?? String(error));
    } finally {
      await server?.stop();
    }
  };
  const pinned = pinForLoad();
  for (let round = 0; round < options.rounds; round++) {
    await measure('baseline', ['dist/bench/baseline-server.js']);
    await measure('bare hono', ['dist/bench/hono-server.js']);
    for (const profile of PROFILE_IDS) {
      await measure(
        profile,
        ['bin/tokenrig.js', 'mock', '--quiet', '--port', '0', '--api', profile],
        profile,
      );
    }
    // The rows above run with --quiet, the mock's own cost; this one as `tokenrig mock > mock.log` runs,
    // a line per request written to a file.
    await measure(LOGGED, ['bin/tokenrig.js', 'mock', '--port', '0', '--api', 'vcf'], 'vcf', {
      stdoutFile: logFile,
    });
    if (prism) {
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
      generatorCpu: Math.max(...s.map((x) => x.generatorCpu)),
      errors: s.reduce((n, x) => n + x.errors, 0),
      ...(failures.has(name) ? { failed: failures.get(name) } : {}),
    };
  };
  unpin();
  rmSync(logFile, { force: true });
  return {
    pinned,
    baseline: summarise('baseline'),
    hono: summarise('bare hono'),
    profiles: PROFILE_IDS.map(summarise),
    logged: summarise(LOGGED),
    ...(prism
      ? { prism: { version: prism.version, figures: PROFILE_IDS.map((p) => summarise(`prism ${p}`)) } }
      : {}),
  };
}

export function printThroughput(
  result: Awaited<ReturnType<typeof throughput>>,
  options: ThroughputOptions,
): void {
  console.log(
    `\nMock refresh throughput (autocannon, ${options.connections} connections, ${options.seconds} s × ${options.rounds} rounds, medians; ${result.pinned ? 'server on core 0, generator on core 1' : 'not pinned to cores'})`,
  );
  const row = (f: ThroughputFigure) =>
    f.rps === 0 && f.failed
      ? `  ${f.name.padEnd(22)} could not be measured: ${f.failed}`
      : `  ${f.name.padEnd(22)} ${fmt(f.rps).padStart(7)} req/s  p50 ${fmt(f.p50, 1).padStart(5)} ms  p99 ${fmt(f.p99, 1).padStart(5)} ms  ${fmt(f.cpuUs, 1).padStart(5)} µs CPU/req  RSS ${fmt(f.rssMiB).padStart(4)} MiB  ${fmt(f.rps / result.baseline.rps, 2)}× baseline` +
        (f.generatorCpu >= 0.9 ? `  (generator at ${fmt(f.generatorCpu * 100)} %: a lower bound)` : '') +
        (f.errors ? `  (${f.errors} errors/non-2xx)` : '') +
        (f.failed ? `  (a round failed: ${f.failed})` : '');
  console.log(row(result.baseline));
  console.log(row(result.hono));
  for (const f of result.profiles) console.log(row(f));
  console.log(row(result.logged));
  if (result.prism) {
    console.log(
      `  Prism ${result.prism.version}, stateless, examples from the same OpenAPI documents, its log to a file:`,
    );
    for (const f of result.prism.figures) console.log(row(f));
  } else {
    console.log('  Prism: not installed (`npm i --no-save @stoplight/prism-cli@5` adds it to this table)');
  }
  console.log(
    `  goal: every profile ≥ 0.50× baseline (aim 0.60×), p99 ≤ 10 ms (profiles with --quiet; "${LOGGED}" writes its request log to a file)`,
  );
}
