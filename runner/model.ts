import type { ProfileId } from '../schemas/load.js';

/** Documented behaviour is `must`; assumed behaviour and best practice are `should`. */
export type Severity = 'must' | 'should';

/**
 * The kind of fact a clause rests on: the vendor's page or OpenAPI (`documented`), a name the vendor's
 * page lost and tokenrig restored (`reconstructed`), what the vendor's own code does (`observed`),
 * tokenrig's own choice (`assumed`), or a rule that binds every server, such as an RFC (`standard`).
 */
export const CLAUSE_KINDS = ['documented', 'reconstructed', 'observed', 'assumed', 'standard'] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

/** Only these can carry a `must`: an observed or assumed fact is a `should` at most. */
export const BINDING_KINDS: readonly ClauseKind[] = ['documented', 'reconstructed', 'standard'];

/** What a case enforces and where a user can read it: a vendor page, a repository file, an RFC section. */
export interface Clause {
  readonly kind: ClauseKind;
  readonly source: string;
}

/**
 * One conformance finding: plain data with a short stable title, both sides of the comparison and the
 * curl line that reproduces it (secrets redacted).
 */
export interface Failure {
  /** The check's name (its CLI/config key), or `assertion`, `transport`, `harness`. */
  readonly check: string;
  /** Short and stable across runs, so failures group by it ("Undocumented HTTP status code"). */
  readonly title: string;
  /** Shows documented vs received ("Received: 500 / Documented: 200, 400, 404"). */
  readonly message: string;
  readonly severity: Severity;
  readonly expected?: unknown;
  readonly actual?: unknown;
  /** JSON pointer into the response body, where the failure is about one value. */
  readonly path?: string;
  /** The schema keyword location, for schema failures. */
  readonly schemaPath?: string;
  /** The step that produced it. */
  readonly step?: string;
  /** A curl command reproducing the request, secrets redacted. */
  readonly curl?: string;
  /** How a failing finding stands against the run's --baseline file (absent without one). */
  readonly baseline?: FailureBaseline;
  /**
   * Findings on the same response that this one caused (a 5xx makes the body checks moot), kept whole
   * and in the order they were found; runner/run/causality.ts says which finding causes which.
   */
  readonly consequents?: readonly Failure[];
  /**
   * The finding's own severity, present only when a consequent raised `severity` above it: the root
   * of a group carries the group's highest severity, so folding never turns a must failure into a pass.
   */
  readonly ownSeverity?: Severity;
}

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  /** Absent when no response arrived (timeout, reset, refused). */
  readonly status?: number;
  readonly durationMs: number;
}

export interface CaseResult {
  readonly profile: ProfileId;
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly clauses: readonly Clause[];
  readonly tags: readonly string[];
  readonly status: CaseStatus;
  /** Why a case was skipped, or why it failed when no single failure says it (bootstrap). */
  readonly reason?: string;
  /** Every finding, `must` and `should`; a `passed` case may carry `should` findings (warnings). */
  readonly failures: readonly Failure[];
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
  /** For a failed case under --baseline: `known` when the baseline excuses every failing finding. */
  readonly baseline?: 'known' | 'new';
}

export interface ProfileSummary {
  readonly profile: ProfileId;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Findings of `should` severity across all cases (warnings unless --strict). */
  readonly warnings: number;
  /** Why the profile could not be reached (its login failed, after retries); none of its cases ran. */
  readonly errored?: string;
  /** Passed / applicable (not skipped) cases of `must` severity. */
  readonly score: { readonly passed: number; readonly applicable: number };
}

export interface RunReport {
  readonly tool: { readonly name: 'tokenrig'; readonly version: string };
  readonly target: string;
  /** True when the run started tokenrig's own mock because no --target was given. */
  readonly embeddedMock: boolean;
  /**
   * The tokenrig mock namespace the run ran in (every request carried `Tokenrig-Namespace`); absent
   * when it ran in none (the embedded mock, a target that is no tokenrig mock).
   */
  readonly namespace?: string;
  readonly seed: number;
  readonly strict: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly exitCode: number;
  /** One line saying why the run exits as it does. */
  readonly exitReason: string;
  readonly profiles: readonly ProfileSummary[];
  readonly cases: readonly CaseResult[];
  /** Present when the run changed a tokenrig mock through `/__admin`: whether it was put back. */
  readonly restore?: TargetRestore;
  /** Each login request sent again after a transient transport error. */
  readonly retries?: readonly Retry[];
  /** How the run compares with its --baseline file of known failures (absent without one). */
  readonly baseline?: BaselineSummary;
  /** Present when Ctrl-C or SIGTERM stopped the run: the report holds only what finished before it. */
  readonly interrupted?: Interrupted;
  /**
   * The shell variables the curl lines use in place of redacted secrets, and how to obtain each
   * (filled in by the reporters from the curl lines themselves; absent when no line needs one).
   */
  readonly curlVariables?: readonly CurlVariable[];
}

/**
 * A run stopped by a signal: the cases that finished before it are reported as they ended; the rest,
 * cut short or never started, are skipped with the signal as their reason.
 */
export interface Interrupted {
  /** `SIGINT` (Ctrl-C) or `SIGTERM`. */
  readonly signal: string;
  /** Cases (generated ones included) that finished before the signal. */
  readonly finished: number;
  /** Cases the run meant to run. */
  readonly planned: number;
}

/** A shell variable a redacted curl line reads (`"$TOKENRIG_REFRESH_TOKEN"`), and where its value comes from. */
export interface CurlVariable {
  readonly name: string;
  /** What kind of secret it holds ("refresh token"). */
  readonly kind: string;
  /** How to obtain the value to export. */
  readonly obtain: string;
}

/**
 * How a run left a tokenrig mock it changed through `/__admin` (clock, users, fault rules, quirks):
 * `restored` as found, `unchanged` when nothing needed putting back, `failed` with what could not be.
 */
export interface TargetRestore {
  readonly status: 'unchanged' | 'restored' | 'failed';
  /** What the run had changed, one line each ("clock offset 0 s → 1814400 s"). */
  readonly changes: readonly string[];
  /** What putting it back did besides (a reset ends the mock's sessions). */
  readonly notes: readonly string[];
  /** What could not be put back, or why; empty unless `failed`. */
  readonly problems: readonly string[];
}

/** A login request that met a transient transport error and was sent again after `delayMs`. */
export interface Retry {
  readonly profile: ProfileId;
  readonly step: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly kind: 'timeout' | 'refused' | 'reset';
  readonly message: string;
  readonly delayMs: number;
}

// --- Baselines of known failures (--baseline; schemas/baseline.schema.json) ---

/** One known failure of a baseline file: a case and the check and/or title of its finding. */
export interface BaselineEntry {
  readonly case: string;
  readonly check?: string;
  readonly title?: string;
  readonly reason: string;
  /** The last day (UTC, YYYY-MM-DD) the entry excuses its failure. */
  readonly expires?: string;
  /** The failure comes and goes: a run without it reports the entry stale without failing. */
  readonly intermittent?: boolean;
}

/**
 * A failing finding against the baseline: `known` (an entry excuses it), `new` (none does) or
 * `expired` (its entry's date has passed, so it counts as new).
 */
export type BaselineStanding = 'known' | 'new' | 'expired';

export interface FailureBaseline {
  readonly standing: BaselineStanding;
  /** The matching entry's reason and expiry, for `known` and `expired`. */
  readonly reason?: string;
  readonly expires?: string;
}

/** The baseline's side of a run: counts of failing findings by standing, and the stale entries. */
export interface BaselineSummary {
  /** The file, as given to --baseline. */
  readonly file: string;
  /** Entries in the file (after --update-baseline: in the file as written). */
  readonly entries: number;
  readonly known: number;
  readonly new: number;
  readonly expired: number;
  /** Entries whose case ran without their failure; they fail the run unless `intermittent`. */
  readonly stale: readonly BaselineEntry[];
  /** Entries for cases this run did not run (not selected, or skipped): neither checked nor stale. */
  readonly unchecked: number;
}
