import type { Context, ErrorHandler } from 'hono';
import { StoreUnavailableError } from '../core/redis-scripts.js';

/** An admin request the mock refuses: its own plain `{error: {code, message, details?}}`. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** The admin API's `onError`: an AdminError as it is, anything else a logged 500. */
export function adminErrorHandler(logError: (error: unknown) => void): ErrorHandler {
  return (err, c) => {
    if (err instanceof AdminError) {
      return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
    }
    if (err instanceof StoreUnavailableError) return storeUnavailable(c, err);
    logError(err);
    return c.json({ error: { code: 'TOKENRIG_INTERNAL', message: 'internal error in the admin API' } }, 500);
  };
}

/** The shared store (Redis) did not answer: 503, to be retried; nothing was changed. */
export function storeUnavailable(c: Context, error: StoreUnavailableError): Response {
  const message = `the shared store is unavailable: ${error.message}`;
  return c.json({ error: { code: 'TOKENRIG_STORE_UNAVAILABLE', message } }, 503, { 'Retry-After': '1' });
}
