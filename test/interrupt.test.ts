import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import t, { type Test } from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import { createAjv } from '../schemas/load.js';
import { BIN, type SpawnedMock, spawnMock } from './helpers/spawn.js';

// One quick case, then one that moves the clock and waits a minute for its answer: stopped half way.
const SLOW_SUITE = fileURLToPath(new URL('./fixtures/suites/kirjaswappi-slow.json', import.meta.url));
const REPORT_SCHEMA = fileURLToPath(new URL('../schemas/report.schema.json', import.meta.url));

async function startMock(t: Test): Promise<SpawnedMock> {
  const mock = await spawnMock(['--port', '0', '--quiet', '--api', 'kirjaswappi']);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock;
}

async function clockOffset(mock: SpawnedMock): Promise<number> {
  const res = await fetch(`${mock.url}/__admin/clock`);
  return ((await res.json()) as { offsetSeconds: number }).offsetSeconds;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** `tokenrig run` with the slow suite against the mock, as its own process, to be sent real signals. */
function startRun(t: Test, mock: SpawnedMock, out: string, reporters: string): Running {
  // --no-namespace: the run changes the mock's own world, the one a restore must put back.
  const args = [
    'run',
    '--target',
    mock.url,
    '--no-namespace',
    '--suite',
    SLOW_SUITE,
    '--out',
    out,
    '--reporter',
    reporters,
  ];
  // A minute's answer must not time out first: the interruption is what ends it.
  const child = spawn(process.execPath, [BIN, ...args, '--timeout', '120000', '--concurrency', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Waits until the run has moved the mock's clock: the slow case is in flight, its answer a minute off. */
async function untilClockMoved(mock: SpawnedMock, run: Running): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await clockOffset(mock)) === 0) {
    if (Date.now() > deadline)
      throw new Error(`the run never moved the clock:\n${run.stdout()}${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The slow request itself goes out right after the clock step.
  await new Promise((r) => setTimeout(r, 200));
}

/** An earlier run's reports, which must not stay behind looking current. */
function previousReports(out: string): void {
  for (const file of ['report.json', 'junit.xml', 'report.html', 'report.md'])
    writeFileSync(join(out, file), 'PREVIOUS RUN');
}

interface Report {
  exitCode: number;
  exitReason: string;
  interrupted?: { signal: string; finished: number; planned: number };
  cases: { id: string; status: string; reason?: string; failures: unknown[] }[];
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(
    `${signal}: stops sending, puts the mock back, writes every report marked interrupted, exit 130`,
    async (t) => {
      const mock = await startMock(t);
      const out = t.testdir();
      previousReports(out);
      const run = startRun(t, mock, out, 'console,json,junit,html,markdown');
      await untilClockMoved(mock, run);
      t.ok((await clockOffset(mock)) > 0, 'the run moved the clock');
      const sent = Date.now();
      run.child.kill(signal);
      const code = await run.exited;
      t.equal(code, EXIT.INTERRUPTED, run.stderr());
      // The in-flight request was aborted, not waited for (its answer was a minute off).
      t.ok(Date.now() - sent < 15_000, `stopped in ${Date.now() - sent} ms`);
      t.equal(await clockOffset(mock), 0, "the mock's clock read back as the run found it");

      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      const validate = createAjv().compile(JSON.parse(readFileSync(REPORT_SCHEMA, 'utf8')) as object);
      t.ok(validate(report), `report.json matches its schema ${JSON.stringify(validate.errors)}`);
      t.equal(report.exitCode, EXIT.INTERRUPTED);
      t.same(report.interrupted, { signal, finished: 1, planned: 2 });
      t.match(report.exitReason, `interrupted by ${signal} after 1 of 2 cases`);
      const [quick, slow] = report.cases;
      t.match(quick, { id: 'kirjaswappi.interrupt.quick', status: 'passed' }, 'what finished is reported');
      t.match(slow, {
        id: 'kirjaswappi.interrupt.slow',
        status: 'skipped',
        reason: `interrupted (${signal}) before it finished`,
      });
      t.same(slow?.failures, [], 'an aborted request is no finding about the target');

      const junit = new XMLParser({ ignoreAttributes: false }).parse(
        readFileSync(join(out, 'junit.xml'), 'utf8'),
      );
      const suites = [junit.testsuites.testsuite].flat() as Record<string, unknown>[];
      const stopped = suites.find((s) => s['@_name'] === 'interrupted');
      t.match(stopped, { testcase: { error: { '@_type': 'interrupted' } } }, 'JUnit: an error, not a pass');
      t.match(readFileSync(join(out, 'report.html'), 'utf8'), /<dt>Interrupted<\/dt><dd class="fail">by /);
      t.match(
        readFileSync(join(out, 'report.md'), 'utf8'),
        `**Interrupted** by ${signal}: 1 of 2 cases finished`,
      );
      t.notOk(
        readdirSync(out).some((f) => readFileSync(join(out, f), 'utf8') === 'PREVIOUS RUN'),
        'no earlier report left',
      );
      t.match(run.stdout(), `Interrupted by ${signal}: 1 of 2 cases finished`);
      t.match(run.stdout(), /\nexit 130: interrupted by/);
      t.notMatch(run.stderr(), /exit 130|interrupted by/, 'the exit reason said once, by the console');
      t.match(run.stderr(), `tokenrig: ${signal}: stopping`);
    },
  );
}

t.test('a second Ctrl-C exits at once; no earlier report is left looking current', async (t) => {
  const mock = await startMock(t);
  const out = t.testdir();
  previousReports(out);
  const run = startRun(t, mock, out, 'json,junit,html,markdown');
  await untilClockMoved(mock, run);
  run.child.kill('SIGINT');
  run.child.kill('SIGINT');
  t.equal(await run.exited, EXIT.INTERRUPTED);
  for (const file of ['report.json', 'junit.xml', 'report.html', 'report.md']) {
    const path = join(out, file);
    t.not(existsSync(path) && readFileSync(path, 'utf8'), 'PREVIOUS RUN', `${file} is not the earlier run's`);
  }
});
