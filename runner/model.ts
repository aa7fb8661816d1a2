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
}

export interface ProfileSummary {
  readonly profile: ProfileId;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Findings of `should` severity across all cases (warnings unless --strict). */
  readonly warnings: number;
  /** Passed / applicable (not skipped) cases of `must` severity. */
  readonly score: { readonly passed: number; readonly applicable: number };
}

export interface RunReport {
  readonly tool: { readonly name: 'tokenrig'; readonly version: string };
  readonly target: string;
  /** True when the run started tokenrig's own mock because no --target was given. */
  readonly embeddedMock: boolean;
  readonly seed: number;
  readonly strict: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly exitCode: number;
  /** One line saying why the run exits as it does. */
  readonly exitReason: string;
  readonly profiles: readonly ProfileSummary[];
  readonly cases: readonly CaseResult[];
}
