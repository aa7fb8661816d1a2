import type { SchemaFiles } from '../../schemas/load.js';
import type { Exchange } from '../checks/check.js';
import type { Failure, Severity } from '../model.js';
import type { Expectation } from '../suite/types.js';

/** What an assertion reports: a failure without the fields the step adds (step, curl, input note). */
export type AssertionFailure = Omit<Failure, 'step' | 'curl'>;

/** What an assertion may read besides the exchange: nothing it could change. */
export interface AssertionContext {
  /** The step's severity; a keyword's own `severity` in the suite overrides it. */
  readonly severity: Severity;
  /** Fills `{{var}}` templates in expected values from the case's session. */
  readonly render: (value: unknown) => unknown;
  /** The profile's schema files, for `expect.schemas`. */
  readonly schemas: SchemaFiles;
}

/**
 * One keyword of a step's `expect`: a small pure function of the exchange, empty = holds. Listed in
 * runner/assertions/index.ts; the step runner calls them all in that order.
 */
export interface Assertion {
  /** The `expect` keyword it judges. */
  readonly keyword: keyof Expectation;
  readonly run: (exchange: Exchange, expect: Expectation, context: AssertionContext) => AssertionFailure[];
}
