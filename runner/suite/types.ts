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
  readonly session?: boolean;
  readonly requires?: readonly 'tokenrig-admin'[];
  readonly steps: readonly Step[];
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
