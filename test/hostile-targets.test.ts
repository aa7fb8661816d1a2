import { join } from 'node:path';
import t from 'tap';
import type { RunOptions } from '../runner/executor.js';
import { EXIT } from '../runner/exit-codes.js';
import type { CaseResult, RunReport } from '../runner/model.js';
import { allFindings } from '../runner/run/fold.js';
import { LOGIN_RETRY } from '../runner/run/retry.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { isClockStep } from '../runner/suite/types.js';
import { loadContracts } from '../schemas/load.js';
import {
  type HostileAnswer,
  type Hostility,
  HUGE_BODY_BYTES,
  startHostileTarget,
} from './fixtures/hostile-targets.js';
import { startBrokenTarget } from './fixtures/targets.js';
import { watchClientReads } from './helpers/client-reads.js';
import { runQuietly } from './helpers/run.js';

const contracts = loadContracts(['kirjaswappi']);
const suites = loadSuites([join(SUITES_DIR, 'kirjaswappi')], contracts).map((s) => s.suite);
const cases = suites.flatMap((s) => s.cases);

const TIMEOUT_MS = 400;
const CAP = 64 * 1024;
/** The runner reads at most one network chunk past the cap; a few small exchanges share a socket. */
const READ_BOUND = CAP + 128 * 1024;
/** A whole hostile run, with its bootstrap, refreshes at concurrency 4 and the admin cases alone. */
const RUN_BOUND_MS = 20_000;

/**
 * A hostile target is one client's, no shared mock: the run stays in its own world (no namespace), so
 * the requests and run times bounded here are the cases' alone.
 */
function run(target: string, extra: Partial<RunOptions> = {}): Promise<RunReport> {
  return runQuietly(target, suites, contracts, {
    timeoutMs: TIMEOUT_MS,
    maxBodyBytes: CAP,
    namespace: false,
    ...extra,
  });
}

/** The cases that send the documented `POST …/refresh` (the wrong-method probe sends a GET). */
const refreshCallers = cases
  .filter((c) =>
    c.steps.some((s) => !isClockStep(s) && s.operation === 'refresh' && s.request?.method === undefined),
  )
  .map((c) => c.id)
  .sort();
/** The cases whose documented calls get an error status from a correct target. */
const errorCases = cases
  .map((c) => c.id)
  .filter((id) => !/success|no-rotation|after-access-expiry|wrong-method/.test(id))
  .sort();

const byStatus = (report: RunReport, status: CaseResult['status']) =>
  report.cases
    .filter((c) => c.status === status)
    .map((c) => c.id)
    .sort();

interface Expectation {
  readonly title: string;
  readonly message: RegExp;
  /** A transport failure: no status, and the case stops at the failing step. */
  readonly transport: boolean;
  /** What the fixture's answers must show afterwards (all of them hung up on, a bounded byte count). */
  readonly answers?: (answer: HostileAnswer) => boolean;
}

const BODY_LEVEL: Readonly<Record<Exclude<Hostility, `login-${string}`>, Expectation>> = {
  dribble: {
    title: 'No response within the timeout',
    message: /^no complete response within 400 ms$/,
    transport: true,
    // One byte per 50 ms until the client gave up: the byte count measures the time it held on.
    answers: (a) => a.hungUp && a.bodyBytesSent <= TIMEOUT_MS / 50 + 2,
  },
  'endless-body': {
    title: 'Response body too large',
    message: /^response body exceeds 65536 bytes \(status 200\); stopped reading$/,
    transport: true,
    answers: (a) => a.hungUp,
  },
  'huge-body': {
    title: 'Response body too large',
    message: /^response body exceeds 65536 bytes \(status 200\); stopped reading$/,
    transport: true,
    answers: (a) => a.hungUp && a.bodyBytesSent < HUGE_BODY_BYTES,
  },
  'reset-mid-body': {
    title: 'Connection closed before a complete response',
    message: /^connection closed before a complete response \(.*(ECONNRESET|other side closed).*\)$/,
    transport: true,
    answers: (a) => a.bodyBytesSent > 0,
  },
  'invalid-json': {
    title: 'Response body is not valid JSON',
    message: /^Received: Unterminated string in JSON.* \/ Documented: a JSON body for status 200$/,
    transport: false,
  },
  redirect: {
    title: 'Unexpected HTTP status',
    message: /^Received: 302 \/ Expected: /,
    transport: false,
  },
};

for (const [hostility, expected] of Object.entries(BODY_LEVEL) as [Hostility, Expectation][]) {
  t.test(
    `${hostility} on refresh: those cases fail, the others pass, exit 1`,
    { timeout: RUN_BOUND_MS },
    async (t) => {
      const target = await startHostileTarget(hostility);
      t.teardown(() => target.close());
      const clientReads = watchClientReads(t);
      const report = await run(target.url);

      t.equal(report.exitCode, EXIT.FAILURES, report.exitReason);
      t.match(report.exitReason, new RegExp(`^${refreshCallers.length} of ${cases.length} cases failed$`));
      t.same(byStatus(report, 'failed'), refreshCallers, 'exactly the cases that POST a refresh fail');
      t.same(
        byStatus(report, 'passed'),
        cases
          .map((c) => c.id)
          .filter((id) => !refreshCallers.includes(id))
          .sort(),
        'the others pass',
      );
      for (const c of report.cases.filter((c) => c.status === 'failed')) {
        // A should case (KirjaSwappi's observed no-rotation) states its expectation at should; the case
        // still fails on a must of the contract checks (a transport failure, an undocumented 302).
        // Folded or not (an undocumented 302 explains the unexpected status): the finding is there.
        const failure = allFindings(c.failures).find((f) => f.title === expected.title);
        t.ok(
          c.failures.some((f) => f.severity === 'must'),
          `${c.id}: fails on a must`,
        );
        t.match(failure?.message, expected.message, `${c.id}: "${expected.title}" says why`);
        t.match(
          failure?.curl,
          /^curl -sS -i -X POST '.*\/api\/v1\/authenticate\/refresh'/,
          'with its curl line',
        );
        t.ok(c.durationMs < 3 * TIMEOUT_MS, `${c.id} took ${c.durationMs} ms`);
        const last = c.steps.at(-1);
        if (expected.transport) {
          t.equal(failure?.check, 'transport');
          t.equal(last?.status, undefined, `${c.id}: no status, the case stopped at the refresh`);
          t.ok(
            (last?.durationMs ?? Infinity) <= TIMEOUT_MS + 200,
            `${c.id}: the refresh took ${last?.durationMs} ms`,
          );
        } else {
          t.notOk(
            c.failures.some((f) => f.check === 'transport'),
            `${c.id}: an answer, judged; nothing else contacted`,
          );
        }
      }
      const answers = await target.settled();
      if (expected.answers) {
        t.equal(answers.length, refreshCallers.length, 'one hostile answer per failing case');
        const bad = answers.filter((a) => !expected.answers?.(a));
        t.same(bad, [], 'every hostile answer ended as expected');
      }
      if (hostility === 'huge-body' || hostility === 'endless-body') {
        const reads = clientReads();
        const sent = Math.max(...answers.map((a) => a.bodyBytesSent));
        t.ok(reads.length >= answers.length, `${reads.length} connections for ${answers.length} answers`);
        t.ok(
          Math.max(...reads) <= READ_BOUND,
          `the runner read at most ${Math.max(...reads)} bytes per connection (cap ${CAP}); the fixture got up to ${sent} bytes into the socket, of ${hostility === 'huge-body' ? HUGE_BODY_BYTES : 'endless'}`,
        );
      }
    },
  );
}

t.test(
  'an HTML error page (a proxy, a framework default): JSON checks fail, exit 1',
  { timeout: RUN_BOUND_MS },
  async (t) => {
    const target = await startBrokenTarget('html-error', { apis: ['kirjaswappi'] });
    t.teardown(() => target.close());
    const report = await run(target.url);
    t.equal(report.exitCode, EXIT.FAILURES, report.exitReason);
    t.same(byStatus(report, 'failed'), errorCases, 'the cases that get an error status fail');
    for (const c of report.cases.filter((c) => c.status === 'failed')) {
      t.match(
        c.failures.find((f) => f.title === 'Response body is not valid JSON')?.message,
        /^Received: Unexpected token '<'.* \/ Documented: a JSON body for status 4\d\d$/,
        `${c.id}: says the body is HTML, not JSON`,
      );
      t.ok(c.durationMs < 3 * TIMEOUT_MS, `${c.id} took ${c.durationMs} ms`);
    }
  },
);

const BOOTSTRAP_LEVEL: readonly [Hostility, RegExp][] = [
  ['login-hangs', /No response within the timeout: no complete response within 400 ms/],
  ['login-resets', /Connection closed before a complete response: connection closed before/],
];

for (const [hostility, reason] of BOOTSTRAP_LEVEL) {
  t.test(`${hostility}: the bootstrap cannot log in, exit 3`, { timeout: RUN_BOUND_MS }, async (t) => {
    const target = await startHostileTarget(hostility);
    t.teardown(() => target.close());
    const report = await run(target.url);
    t.equal(report.exitCode, EXIT.UNREACHABLE, report.exitReason);
    t.match(report.exitReason, new RegExp(`^kirjaswappi: session bootstrap failed: ${reason.source}`));
    t.ok(
      report.cases.every((c) => c.status === 'failed' && /^session bootstrap failed: /.test(c.reason ?? '')),
      'every case fails with the bootstrap as its reason',
    );
    // A reset or a timeout may be a blip: the login is tried again as LOGIN_RETRY says, not once per case.
    const attempts = LOGIN_RETRY.delaysMs.length + 1;
    t.equal((await target.settled()).length, attempts, 'the retried login attempts, not one per case');
    const bound = attempts * TIMEOUT_MS + LOGIN_RETRY.delaysMs.reduce((a, b) => a + b, 0) + 2 * TIMEOUT_MS;
    t.ok(report.durationMs < bound, `the run ended after ${report.durationMs} ms`);
  });
}
