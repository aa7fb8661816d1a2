/** The throughput table of `npm run bench`, from throughput.ts's figures. */
import { fmt } from './processes.js';
import {
  LOGGED,
  REDIS_PROFILES,
  REDIS_WORKERS,
  type ThroughputFigure,
  type ThroughputOptions,
  type ThroughputResult,
} from './throughput.js';

/** Every row of tokenrig's own (Prism's are informative): one that could not be measured fails the bench. */
export function ownRows(result: ThroughputResult): ThroughputFigure[] {
  return shown([
    result.baseline,
    result.hono,
    ...result.profiles,
    result.logged,
    ...result.redis.rows.map((r) => r.figure),
  ]);
}

/** The rows this run measured or tried to: `--only redis` leaves the others out. */
const shown = (figures: ThroughputFigure[]) => figures.filter((f) => f.rounds > 0 || f.failed);

export function printThroughput(result: ThroughputResult, options: ThroughputOptions): void {
  console.log(
    `\nMock refresh throughput (autocannon, ${options.connections} connections, ${options.seconds} s × ${options.rounds} rounds, medians; ${result.pinned ? 'server on core 0, generator on core 1' : 'not pinned to cores'})`,
  );
  const row = (f: ThroughputFigure, extra = '') =>
    f.rps === 0 && f.failed
      ? `  ${f.name.padEnd(26)} could not be measured: ${f.failed}`
      : `  ${f.name.padEnd(26)} ${fmt(f.rps).padStart(7)} req/s  p50 ${fmt(f.p50, 1).padStart(5)} ms  p99 ${fmt(f.p99, 1).padStart(5)} ms  ${fmt(f.cpuUs, 1).padStart(5)} µs CPU/req  RSS ${fmt(f.rssMiB).padStart(4)} MiB  ${fmt(f.rps / result.baseline.rps, 2)}× baseline` +
        extra +
        (f.generatorCpu >= 0.9 ? `  (generator at ${fmt(f.generatorCpu * 100)} %: a lower bound)` : '') +
        (f.errors ? `  (${f.errors} errors/non-2xx)` : '') +
        (f.failed ? `  (a round failed: ${f.failed})` : '');
  for (const f of shown([result.baseline, result.hono, ...result.profiles, result.logged])) {
    console.log(row(f));
  }
  printRedis(result, row);
  if (result.prism) {
    console.log(
      `  Prism ${result.prism.version}, stateless, examples from the same OpenAPI documents, its log to a file:`,
    );
    for (const f of result.prism.figures) console.log(row(f));
  } else if (!options.redisOnly) {
    console.log('  Prism: not installed (`npm i --no-save @stoplight/prism-cli@5` adds it to this table)');
  }
  if (options.redisOnly) return;
  console.log(
    `  goal: every profile ≥ 0.50× baseline (aim 0.60×), p99 ≤ 10 ms (profiles with --quiet; "${LOGGED}" writes its request log to a file)`,
  );
}

function printRedis(result: ThroughputResult, row: (f: ThroughputFigure, extra?: string) => string): void {
  const { version, rows } = result.redis;
  console.log(
    `  --store redis://… (${version ? `redis-server ${version}, the bench's own` : 'redis-server'}, FLUSHDB before each row; ${REDIS_PROFILES.join(' and ')} only), one process and --workers ${REDIS_WORKERS}; CPU/req is the mock's and redis-server's; ${result.pinned ? `all of them on core 0: the ${REDIS_WORKERS} workers share one core, so their row is the cost of the processes, not scaling` : 'not pinned'}:`,
  );
  for (const { figure, memory } of rows) {
    const ratio =
      memory.rps > 0 ? `  ${fmt(figure.rps / memory.rps, 2)}× memory store` : '  (no memory-store figure)';
    const store = figure.storeCpuUs === undefined ? '' : `  (redis-server ${fmt(figure.storeCpuUs, 1)} µs)`;
    console.log(row(figure, ratio + store));
  }
}
