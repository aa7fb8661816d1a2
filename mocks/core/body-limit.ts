import type { MiddlewareHandler } from 'hono';
import { readCapped } from './read-capped.js';
import type { MockContext, MockEnv } from './types.js';

export interface BodyLimitOptions {
  readonly maxBytes: number;
  /** The answer for a body over the limit (or a throw, for the app's error handler to answer). */
  readonly onTooLarge: (c: MockContext) => Response | Promise<Response>;
}

/**
 * A request-body size limit in the shape of hono's `bodyLimit`, without its cost (see withinBodyLimit).
 * Handlers read the body with `requestText`.
 *
 * @example app.post('/login', bodyLimit({ maxBytes: 65_536, onTooLarge: (c) => c.text('too big', 413) }), login)
 */
export function bodyLimit({ maxBytes, onTooLarge }: BodyLimitOptions): MiddlewareHandler<MockEnv> {
  return async (c, next) => ((await withinBodyLimit(c, maxBytes)) ? next() : onTooLarge(c));
}

/**
 * Whether the request's body is within `maxBytes`. With a Content-Length (what nearly every client
 * sends) it is decided from the header and the body is later read by the adapter's direct path; hono's
 * bodyLimit would turn every request into a web Request with a ReadableStream, the most expensive part
 * of a request here, and clones the Request per call (undici keeps each clone's abort-signal link alive
 * well past its request). A chunked body has no length to check up front: only it is read here, capped.
 */
export async function withinBodyLimit(c: MockContext, maxBytes: number): Promise<boolean> {
  const incoming = c.env?.incoming;
  if (!incoming) {
    // In-process (app.request) there is no socket to protect: the body is read once and measured.
    const text = await c.req.text();
    c.set('bodyText', text);
    return Buffer.byteLength(text) <= maxBytes;
  }
  if (c.req.header('transfer-encoding') !== undefined) {
    const text = await readCapped(incoming, maxBytes);
    if (text === undefined) return false;
    c.set('bodyText', text);
    return true;
  }
  const length = c.req.header('content-length');
  // Neither header on a real HTTP/1.1 connection: there is no body (RFC 9112 §6.3).
  return length === undefined || Number(length) <= maxBytes;
}

/**
 * The request body as text: the one the body limit read, or else hono's own read (which caches it). A
 * context variable rather than hono's body cache, which is not a public API to write to.
 */
export function requestText(c: MockContext): Promise<string> {
  const read = c.get('bodyText');
  return read === undefined ? c.req.text() : Promise.resolve(read);
}
