import type { ProfileId } from '../../schemas/load.js';
import type { Clause, Severity } from '../model.js';

/** TypeScript view of schemas/suite.schema.json; a suite is validated against the schema before use. */
export interface Suite {
  readonly profile: ProfileId;
  readonly description?: string;
  readonly bootstrap?: Bootstrap;
  readonly cases: readonly SuiteCase[];
}

export interface Bootstrap {
  readonly description?: string;
  readonly provides: readonly string[];
  readonly steps: readonly Step[];
}

export interface SuiteCase {
  readonly id: string;
  readonly title: string;
  readonly severity?: Severity;
  readonly clauses?: readonly Clause[];
  readonly tags?: readonly string[];
  /** See schemas/suite.schema.json: a login of its own (true), none, the shared one, or the shared one rotated. */
  readonly session?: boolean | 'shared' | 'rotates';
  /** With session `rotates`: bootstrap variable → the capture of this case holding its new value. */
  readonly handsBack?: Readonly<Record<string, string>>;
  /** Why the case ends its session: it runs last, on a login of its own; --no-destructive skips it. */
  readonly destructive?: string;
  /** Set by the loader for a case with an `advanceClock` step: it needs a tokenrig mock's admin API. */
  readonly requires?: readonly 'tokenrig-admin'[];
  readonly steps: readonly CaseStep[];
}

/** A case's step: a request, or a move of the mock's clock. A bootstrap holds only requests. */
export type CaseStep = Step | ClockStep;

/**
 * Moves a tokenrig mock's clock forward by `advanceClock` seconds (`POST /__admin/clock`). Every other
 * case's tokens would expire with it, so a case holding one runs alone, after the others.
 */
export interface ClockStep {
  readonly name: string;
  readonly advanceClock: number;
}

export function isClockStep(step: CaseStep): step is ClockStep {
  return 'advanceClock' in step;
}

export interface Step {
  readonly name: string;
  readonly operation?: string;
  readonly request?: StepRequest;
  readonly expect?: Expectation;
  readonly capture?: Readonly<Record<string, string>>;
  readonly poll?: Poll;
}

export interface Poll {
  readonly whileStatus: readonly number[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly announce?: string;
}

export interface StepRequest {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly bearer?: string;
}

/** A status code, or an OpenAPI-style class: `"4XX"` is any client error. */
export type StatusPattern = number | `${1 | 2 | 3 | 4 | 5}XX`;

export interface Expectation {
  readonly status?: readonly StatusPattern[];
  readonly statusSeverity?: Severity;
  /**
   * A narrower status inside `status`, checked at `should`: the assumed or observed code (`status: ["4XX"]`
   * at must, `preferStatus: [401]` at should), so one request carries both expectations.
   */
  readonly preferStatus?: readonly StatusPattern[];
  readonly schema?: boolean;
  readonly schemas?: Readonly<Record<string, string>>;
  readonly headers?: readonly HeaderAssertion[];
  readonly body?: readonly BodyAssertion[];
  readonly severity?: Severity;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface BodyAssertion {
  readonly path: string;
  readonly equals?: unknown;
  readonly notEquals?: unknown;
  readonly oneOf?: readonly unknown[];
  readonly type?: JsonType;
  readonly matches?: string;
  readonly exists?: boolean;
  readonly nonEmpty?: boolean;
  readonly severity?: Severity;
  readonly title?: string;
}

export interface HeaderAssertion {
  readonly name: string;
  readonly exists?: boolean;
  readonly matches?: string;
  readonly severity?: Severity;
  readonly title?: string;
}
