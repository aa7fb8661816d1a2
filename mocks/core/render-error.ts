import type { ErrorRoles } from './catalogue.js';
import { MockError } from './mock-error.js';
import type { Random } from './random.js';
import { StoreUnavailableError } from './redis-scripts.js';
import { NO_STORE, reply } from './reply.js';
import type { MockContext, MockServices } from './types.js';

/** The vendor's error body for an error, with realistic generated values where the vendor has fields. */
export type Envelope = (error: MockError, random: Random, path: string) => unknown;

export type ErrorRenderer = (err: unknown, c: MockContext) => Response;

/**
 * An `onError` handler that answers every error in the profile's envelope: a MockError as it is, a
 * client that hung up mid-body as the `invalid` error, anything else (the shared store away included)
 * as the profile's 500, logged unless it is the store's absence.
 */
export function createErrorRenderer(
  roles: Pick<ErrorRoles, 'invalid' | 'internal'>,
  envelope: Envelope,
  { random, logError }: Pick<MockServices, 'random' | 'logError'>,
): ErrorRenderer {
  return (err, c) => {
    let error: MockError;
    if (err instanceof MockError) error = err;
    else if (c.req.raw.signal.aborted) {
      // The client's fault, not the mock's: neither logged nor answered as a 500 (nobody receives it).
      error = new MockError(roles.invalid, { message: 'The client closed the connection mid-request' });
    } else if (err instanceof StoreUnavailableError) {
      // The shared store is away: the vendor's own 5xx, as its server answers when its database is.
      // Not logged per request: the connection says once that Redis went, and once that it is back.
      error = new MockError(roles.internal);
    } else {
      logError(err);
      error = new MockError(roles.internal);
    }
    const headers: Record<string, string> = { ...NO_STORE, ...error.extra.headers };
    if (error.status === 429 && !headers['Retry-After']) {
      headers['Retry-After'] = String(random.faker.number.int({ min: 1, max: 60 }));
    }
    return reply(envelope(error, random, c.req.path), error.status, headers);
  };
}
