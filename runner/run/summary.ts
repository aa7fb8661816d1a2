import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { EXIT } from '../exit-codes.js';
import type { BaselineSummary, CaseResult, Interrupted, ProfileSummary, RunReport } from '../model.js';
import type { Errored, Halt } from './gate.js';

const VERSION =
  // package.json's shape is npm's; only its version is read.
  (JSON.parse(readFileSync(join(dirname(SCHEMAS_DIR), 'package.json'), 'utf8')) as { version: string })
    .version;

/**
 * What a run did, before it is scored: the report without the tool, the summaries and the exit, plus
 * the profiles it covered and, when the target was unreachable or a login failed, the halt the run
 * exits with whatever the cases say. Its cases are redacted, in report order.
 */
export type Execution = Omit<RunReport, 'tool' | 'exitCode' | 'exitReason' | 'profiles'> & {
  readonly profiles: readonly ProfileId[];
  readonly halt?: Halt;
  /** Profiles whose login failed: none of their cases ran. */
  readonly errored?: readonly Errored[];
};

/** Per profile: counts, should warnings, and the score (passed of the must cases that ran). */
export function summarize(
  profiles: readonly ProfileId[],
  cases: readonly CaseResult[],
  errored: readonly Errored[] = [],
): ProfileSummary[] {
  return profiles.map((profile) => {
    const unreachable = errored.find((e) => e.profile === profile);
    const own = cases.filter((r) => r.profile === profile);
    const mustCases = own.filter((r) => r.severity === 'must' && r.status !== 'skipped');
    return {
      profile,
      total: own.length,
      passed: own.filter((r) => r.status === 'passed').length,
      failed: own.filter((r) => r.status === 'failed').length,
      skipped: own.filter((r) => r.status === 'skipped').length,
      warnings: own.reduce((n, r) => n + r.failures.filter((f) => f.severity === 'should').length, 0),
      ...(unreachable ? { errored: unreachable.reason } : {}),
      score: { passed: mustCases.filter((r) => r.status === 'passed').length, applicable: mustCases.length },
    };
  });
}

/**
 * The process exit and the one line saying why: a halt wins, then any failed case the baseline does
 * not excuse, then stale baseline entries, else 0.
 */
export function exitFor(
  cases: readonly CaseResult[],
  summaries: readonly ProfileSummary[],
  halt: Halt | undefined,
  baseline?: BaselineSummary,
  interrupted?: Interrupted,
): { exitCode: number; exitReason: string } {
  // A stopped run is no verdict: 130 whatever the finished cases found, which the reason still counts.
  if (interrupted) {
    const failed = gatingFailures(cases).length;
    return {
      exitCode: EXIT.INTERRUPTED,
      exitReason:
        `interrupted by ${interrupted.signal} after ${interrupted.finished} of ${interrupted.planned} cases` +
        (failed > 0 ? `; ${failed} of those failed` : ''),
    };
  }
  if (halt) {
    // The profiles that ran still found what they found: the reason says so, after who was unreachable.
    const elsewhere = cases.filter((r) => !halt.profiles?.includes(r.profile));
    const failedElsewhere = halt.profiles ? gatingFailures(elsewhere).length : 0;
    const also =
      failedElsewhere > 0
        ? `; and ${failedElsewhere} of ${elsewhere.length} cases of the other profiles failed`
        : '';
    return { exitCode: halt.code, exitReason: `${halt.reason}${also}` };
  }
  const failed = gatingFailures(cases).length;
  if (failed > 0) {
    const known = knownNote(cases, 'more ');
    const reason = `${failed} of ${cases.length} cases failed${known ? ` (${known})` : ''}`;
    return { exitCode: EXIT.FAILURES, exitReason: reason };
  }
  const stale = staleExit(baseline);
  if (stale) return stale;
  const warnings = summaries.reduce((n, s) => n + s.warnings, 0);
  const notes = [knownNote(cases, ''), warnings ? `${warnings} should warnings` : ''].filter(Boolean);
  return {
    exitCode: EXIT.OK,
    exitReason: `no ${baseline ? 'new ' : ''}must failure in ${cases.length} cases${notes.length ? ` (${notes.join('; ')})` : ''}`,
  };
}

// --- Baselines (--baseline): what fails the run is new failures, and stale entries ---

/** The failed cases that fail the run: all of them, less those the baseline excuses whole. */
export function gatingFailures(cases: readonly CaseResult[]): CaseResult[] {
  return cases.filter((r) => r.status === 'failed' && r.baseline !== 'known');
}

/** `2 more failed, known in the baseline` when the baseline excused failed cases, else empty. */
function knownNote(cases: readonly CaseResult[], more: string): string {
  const known = cases.filter((r) => r.status === 'failed' && r.baseline === 'known').length;
  return known > 0 ? `${known} ${more}failed, known in the baseline` : '';
}

/**
 * A stale entry fails the run, as the OpenID conformance suite fails a plan on an expected failure
 * that did not happen: left in place, it would excuse the same failure when it comes back. An
 * intermittent entry is exempt (its failure comes and goes).
 */
export function staleExit(
  baseline: BaselineSummary | undefined,
): { exitCode: number; exitReason: string } | undefined {
  const stale = baseline?.stale.filter((e) => e.intermittent !== true) ?? [];
  if (stale.length === 0) return undefined;
  const entries = stale.length === 1 ? '1 stale baseline entry' : `${stale.length} stale baseline entries`;
  return {
    exitCode: EXIT.FAILURES,
    exitReason: `${entries} in ${baseline?.file}: the failure no longer happens (remove it, or run with --update-baseline)`,
  };
}

/** The report every reporter renders (schemas/report.schema.json), from what the run did. */
export function reportOf(execution: Execution): RunReport {
  const profiles = summarize(execution.profiles, execution.cases, execution.errored);
  return {
    tool: { name: 'tokenrig', version: VERSION },
    target: execution.target,
    embeddedMock: execution.embeddedMock,
    ...(execution.namespace === undefined ? {} : { namespace: execution.namespace }),
    seed: execution.seed,
    strict: execution.strict,
    startedAt: execution.startedAt,
    durationMs: execution.durationMs,
    ...exitFor(execution.cases, profiles, execution.halt, execution.baseline, execution.interrupted),
    profiles,
    cases: execution.cases,
    ...(execution.restore ? { restore: execution.restore } : {}),
    ...(execution.retries?.length ? { retries: execution.retries } : {}),
    ...(execution.baseline ? { baseline: execution.baseline } : {}),
    ...(execution.interrupted ? { interrupted: execution.interrupted } : {}),
  };
}
