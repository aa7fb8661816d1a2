import type { Exchange } from '../checks/check.js';
import type { Expectation } from '../suite/types.js';
import type { Assertion, AssertionContext, AssertionFailure } from './assertion.js';
import { body } from './body.js';
import { headers } from './header.js';
import { referencedSchema } from './schema.js';
import { preferStatus, status } from './status.js';

export type { Assertion, AssertionContext, AssertionFailure } from './assertion.js';
export { BODY_KEYWORDS } from './body.js';
export { HEADER_KEYWORDS } from './header.js';

/**
 * Every `expect` keyword a step can carry, in the order its failures are reported. A header or body
 * assertion's own keywords (exists, matches, equals, …) are listed in HEADER_KEYWORDS and BODY_KEYWORDS.
 */
export const ASSERTIONS: readonly Assertion[] = [referencedSchema, status, preferStatus, headers, body];

/** A step's expectations against one exchange: every failure, in ASSERTIONS order. */
export function assertExpectation(
  exchange: Exchange,
  expect: Expectation,
  context: AssertionContext,
): AssertionFailure[] {
  return ASSERTIONS.flatMap((a) => a.run(exchange, expect, context));
}
