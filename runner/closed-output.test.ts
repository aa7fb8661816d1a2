import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startBrokenTarget } from '../test/fixtures/targets.js';
import { deadUrl } from '../test/helpers/dead-url.js';
import { BIN } from '../test/helpers/spawn.js';
import { EXIT } from './exit-codes.js';

interface Closed {
  readonly code: number | null;
  /** What the reader got before it went away. */
  readonly read: string;
  /** The other stream, read to the end. */
  readonly other: string;
}

/**
 * `tokenrig <args> | head -<lines>`, for real: the CLI as a child process on a pipe whose reader reads
 * `lines` lines of one stream (stdout or stderr) and then closes its end, as head does. The CLI's later
 * writes to that stream then fail with EPIPE.
 */
function closedAfter(args: readonly string[], stream: 'stdout' | 'stderr', lines: number): Promise<Closed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reader = child[stream];
    const otherStream = stream === 'stdout' ? child.stderr : child.stdout;
    let read = '';
    let other = '';
    const close = () => reader.destroy();
    if (lines === 0) close();
    reader.on('data', (chunk) => {
      read += chunk;
      if (read.split('\n').length > lines) close();
    });
    otherStream.on('data', (chunk) => {
      other += chunk;
    });
    child.on('exit', (code) => resolve({ code, read, other }));
  });
}

const reportIn = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { exitCode: number; cases: unknown[] };

t.test('| head -3: output ends quietly, every report is written, the exit code is the run’s', async (t) => {
  const out = t.testdir();
  const run = await closedAfter(['run', '--api', 'vcf', '--out', out], 'stdout', 3);
  t.equal(run.code, EXIT.OK, run.other);
  t.equal(run.read.split('\n').slice(0, 3).length, 3, 'the reader got its lines');
  t.notMatch(run.other, /EPIPE|Unhandled 'error'|internal error/, 'no crash on stderr');
  const report = reportIn(out);
  t.equal(report.exitCode, EXIT.OK);
  t.equal(report.cases.length, 25, 'every vcf case ran after the pipe closed');
  for (const file of ['junit.xml', 'report.html'])
    t.ok(readFileSync(join(out, file), 'utf8').length > 0, file);
});

t.test('a closed stdout keeps exit 1 of a run with conformance failures', async (t) => {
  const target = await startBrokenTarget('undocumented-status', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const out = t.testdir();
  const args = ['run', '--api', 'kirjaswappi', '--target', target.url, '--out', out];
  const run = await closedAfter(args, 'stdout', 1);
  t.equal(run.code, EXIT.FAILURES, run.other);
  t.notMatch(run.other, /EPIPE|Unhandled 'error'/);
  // The console could not say why: stderr does, once.
  t.equal(run.other.match(/cases failed/g)?.length, 1, run.other);
  t.equal(reportIn(out).exitCode, EXIT.FAILURES);
});

t.test('a closed stderr: the run goes on, reports written, its exit code kept', async (t) => {
  const target = await startBrokenTarget('undocumented-status', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const out = t.testdir();
  // Without the console report the exit reason goes to stderr, closed before the run starts.
  const args = ['run', '--api', 'kirjaswappi', '--target', target.url, '--out', out, '--reporter', 'json'];
  const run = await closedAfter(args, 'stderr', 0);
  t.equal(run.code, EXIT.FAILURES);
  t.equal(reportIn(out).exitCode, EXIT.FAILURES);
  // An unreachable target, the other exit a CI reads, through the same closed stderr.
  const dead = await deadUrl();
  const down = await closedAfter(['run', '--target', dead, '--out', out], 'stderr', 0);
  t.equal(down.code, EXIT.UNREACHABLE);
  t.match(down.other, `exit 3: target ${dead} is unreachable`);
});
