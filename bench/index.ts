/**
 * `npm run bench`: every figure with its ratio, measured in the same run.
 * Options: --quick (short rounds, a smoke test), --rounds N, --seconds S, --connections C, --logins N
 * (memory-redis), --only <part> (see USAGE); exit 0, or 1 when one of tokenrig's own rows could not be measured, 2 for a bad option.
 */
import { parseArgs } from 'node:util';
import { coldStart } from './cold-start.js';
import { memory } from './memory.js';
import { printRedisMemory, redisMemory } from './memory-redis.js';
import { findPrism } from './prism.js';
import { fmt } from './processes.js';
import { runnerFigures } from './runner.js';
import { throughput } from './throughput.js';
import { ownRows, printThroughput } from './throughput-print.js';

const PARTS = ['throughput', 'throughput-redis', 'cold-start', 'memory', 'memory-redis', 'runner'];
const USAGE = `usage: npm run bench -- [--quick] [--rounds N] [--seconds S] [--connections C] [--logins N] [--only <part>]...
  parts: ${PARTS.join(', ')} (default: all)
  throughput includes the Redis store's rows; throughput-redis measures only them and the rows they are
  read against (baseline, the memory store's vcf and flolive). memory-redis: --logins N (default 1000000,
  20000 with --quick) over --store redis://… with 60 s TTLs. Both start their own redis-server.
  Prism is compared when installed: npm i --no-save @stoplight/prism-cli@5, or PRISM=<its CLI script>`;

function options() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        seconds: { type: 'string' },
        connections: { type: 'string', default: '50' },
        logins: { type: 'string' },
        only: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = (values.only ?? []).filter((part) => !PARTS.includes(part));
if (unknown.length) {
  console.error(`bench: unknown part ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const quick = values.quick;
const parts = new Set(values.only ?? PARTS);

console.log(
  `tokenrig bench — node ${process.version}, ${process.platform}/${process.arch}${quick ? ' (quick)' : ''}`,
);

const logins = Number(values.logins ?? (quick ? 20_000 : 1_000_000));
if (!Number.isInteger(logins) || logins < 10) {
  console.error(`bench: --logins takes a whole number of at least 10, got ${values.logins}\n${USAGE}`);
  process.exit(2);
}

// The whole throughput part has the Redis rows; throughput-redis alone is the shorter run of them.
if (parts.has('throughput') || parts.has('throughput-redis')) {
  const options = {
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    seconds: Number(values.seconds ?? (quick ? 2 : 5)),
    connections: Number(values.connections),
    redisOnly: !parts.has('throughput'),
  };
  const result = await throughput(options);
  printThroughput(result, options);
  // Prism's rows are informative; one of tokenrig's own that could not be measured fails the bench.
  if (ownRows(result).some((f) => f.failed)) process.exitCode = 1;
}

if (parts.has('cold-start')) {
  const prism = findPrism();
  const c = await coldStart(quick ? 3 : 7, prism);
  console.log('\nCold start (launch to the first successful answer, median)');
  const line = (label: string, ms: number, rest = '') =>
    console.log(`  ${label.padEnd(40)} ${fmt(ms).padStart(5)} ms${rest}`);
  const ratio = (ms: number) => `  ${fmt(ms / c.baselineMs, 2)}× baseline`;
  line('baseline node:http, first POST', c.baselineMs);
  line('tokenrig mock, first login', c.mockLoginMs, `${ratio(c.mockLoginMs)}  (goal ≤ 2.5× baseline)`);
  line('tokenrig mock, first answer (health)', c.mockHealthMs, ratio(c.mockHealthMs));
  if (c.prismLoginMs !== undefined) {
    line(`Prism ${prism?.version}, first login (vcf)`, c.prismLoginMs, ratio(c.prismLoginMs));
  }
}

if (parts.has('memory')) {
  const checkpoints = quick ? [20_000, 100_000] : [100_000, 1_000_000];
  console.log('\nMemory under sustained issuance (tokenrig mock over HTTP; default TTLs and session cap)');
  for (const m of await memory(checkpoints)) {
    console.log(
      `  after ${String(m.logins).padStart(9)} logins  RSS ${fmt(m.rssMiB).padStart(4)} MiB (${fmt(m.rssMiB / m.startRssMiB, 2)}× its ${fmt(m.startRssMiB)} MiB at start)  sessions ${m.sessions}  ${fmt(m.loginsPerSecond)} logins/s  (goal ≤ 150 MiB)`,
    );
  }
}

if (parts.has('memory-redis')) {
  // A tenth of the way as a first checkpoint, as the memory part's 100 000 before its 1 000 000.
  const result = await redisMemory([Math.round(logins / 10), logins], 60);
  printRedisMemory(result);
  if (result.failed || result.checkpoints.some((c) => c.failedLogins > 0)) process.exitCode = 1;
}

if (parts.has('runner')) {
  const r = await runnerFigures(quick ? 1 : 3);
  console.log('\nRunner (five profiles, every suite case, embedded mock)');
  console.log(`  tokenrig run, process start included   ${fmt(r.wallMs).padStart(5)} ms  (goal ≤ 1000 ms)`);
  console.log(
    `  executor in-process                    ${fmt(r.inProcessMs).padStart(5)} ms  (${r.requests} requests)`,
  );
  console.log(`  floor: same requests, bare fetch       ${fmt(r.floorMs).padStart(5)} ms`);
  // The runner's own transport (node:http) beats fetch, so its overhead is read against both floors.
  console.log(`  floor: same requests, runner transport ${fmt(r.sendFloorMs).padStart(5)} ms`);
  console.log(
    `  runner overhead                        ${fmt(r.inProcessMs / r.floorMs, 2)}× the fetch floor, ${fmt(r.inProcessMs / r.sendFloorMs, 2)}× its transport floor  (goal ≤ 2×)`,
  );
  console.log(
    `  negative generator                     ${fmt(r.fuzzCasesPerSecond).padStart(5)} cases/s  (${fmt(r.fuzzRequestsPerSecond)} requests/s)`,
  );
}
