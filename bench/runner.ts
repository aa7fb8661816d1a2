/**
 * Runner speed: the full five-profile conformance run against the embedded mock as a user starts it
 * (process start included), the executor in-process against the floor of the same requests sent as a
 * sequence of bare fetch calls (same concurrency) and through the runner's own transport alone, and the
 * negative generator's requests per second.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '../mocks/server.js';
import { runSuites } from '../runner/executor.js';
import { type HttpRequest, send } from '../runner/http.js';
import { RUN_DEFAULTS } from '../runner/options.js';
import { pool } from '../runner/pool.js';
import { quietRunOptions } from '../runner/quiet.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { loadContracts, PROFILE_IDS } from '../schemas/load.js';
import { median, ROOT } from './processes.js';

export interface RunnerFigures {
  readonly wallMs: number;
  readonly inProcessMs: number;
  /** The same requests, same concurrency, as bare fetch calls. */
  readonly floorMs: number;
  /**
   * The same requests through the runner's own transport (runner/http.ts `send`) and nothing else: the
   * floor the runner's own work (checks, assertions, redaction) is measured against.
   */
  readonly sendFloorMs: number;
  readonly requests: number;
  /** Generated negative cases per second (each a login and a batch of mutated requests). */
  readonly fuzzCasesPerSecond: number;
  /** Every request those cases sent, logins included. */
  readonly fuzzRequestsPerSecond: number;
}

function wall(args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    );
  });
}

export async function runnerFigures(launches: number): Promise<RunnerFigures> {
  const out = mkdtempSync(join(tmpdir(), 'tokenrig-bench-'));
  const walls: number[] = [];
  for (let i = 0; i < launches; i++)
    walls.push(await wall(['bin/tokenrig.js', 'run', '--reporter', 'json', '--out', out, '--seed', '1']));

  const contracts = loadContracts(PROFILE_IDS);
  const suites = loadSuites([SUITES_DIR], contracts).map((s) => s.suite);
  // The whole suite, admin-only cases included: the target is the mock, started here.
  const base = quietRunOptions('', suites, contracts, { embeddedMock: true });
  const inProcess: number[] = [];
  const floor: number[] = [];
  const sendFloor: number[] = [];
  let requests: HttpRequest[] = [];
  // One untimed run first: the first run in a process compiles the validators and the hot paths, and
  // with --quick (one launch) it alone made the overhead read 2.5× instead of 1.3×. A user's one-shot
  // run pays that compile, and the wall figure above, taken from a fresh process, includes it.
  const warm = await startMockServer({ port: 0, seed: 1, contracts });
  await runSuites({ ...base, target: warm.url });
  await warm.close();
  for (let i = 0; i < launches; i++) {
    const mock = await startMockServer({ port: 0, seed: 1, contracts });
    const sent: HttpRequest[] = [];
    const started = performance.now();
    await runSuites({ ...base, target: mock.url }, { onRequest: (r) => sent.push(r) });
    inProcess.push(performance.now() - started);
    await mock.close();
    requests = sent;

    // The floor: the same requests, same concurrency, bare fetch, answers read and thrown away.
    const fresh = await startMockServer({ port: 0, seed: 1, contracts });
    const origin = new URL(sent[0]?.url ?? fresh.url).origin;
    const t0 = performance.now();
    await pool(sent, 4, async (r) => {
      const res = await fetch(r.url.replace(origin, fresh.url), {
        method: r.method,
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: r.body }),
        redirect: 'manual',
      });
      await res.arrayBuffer();
    });
    floor.push(performance.now() - t0);
    await fresh.close();

    const again = await startMockServer({ port: 0, seed: 1, contracts });
    const t2 = performance.now();
    await pool(sent, 4, async (r) => {
      await send({ ...r, url: r.url.replace(origin, again.url) }, RUN_DEFAULTS);
    });
    sendFloor.push(performance.now() - t2);
    await again.close();
  }

  const fuzzMock = await startMockServer({ port: 0, seed: 1, contracts });
  const fuzzCount = 2000;
  let fuzzRequests = 0;
  const t1 = performance.now();
  const fuzzReport = await runSuites(
    { ...base, target: fuzzMock.url, fuzz: fuzzCount, grep: /\.negative-\d+$/ },
    { onRequest: () => fuzzRequests++ },
  );
  const fuzzSeconds = (performance.now() - t1) / 1000;
  await fuzzMock.close();

  return {
    wallMs: median(walls),
    inProcessMs: median(inProcess),
    floorMs: median(floor),
    sendFloorMs: median(sendFloor),
    requests: requests.length,
    fuzzCasesPerSecond: fuzzReport.cases.length / fuzzSeconds,
    fuzzRequestsPerSecond: fuzzRequests / fuzzSeconds,
  };
}
