import type { FaultKind } from './directives.js';
import { type ErrorSpec, MockError } from './mock-error.js';
import type { MockContext } from './types.js';

/**
 * What a broken upstream does to a connection, instead of an answer: `malformed` sends a success status
 * and a JSON media type over a body that stops mid-token (what a client's JSON parsing must survive);
 * `reset` and `empty` need a real socket to reset or close, so in-process they are a directive error.
 */
export function connectionFault(c: MockContext, kind: FaultKind, directiveError: ErrorSpec): Response {
  c.set('fault', kind);
  if (kind === 'malformed') {
    return new Response('{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIi', {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  }
  const socket = c.env?.incoming?.socket;
  if (!socket) {
    throw new MockError(directiveError, {
      message: `tokenrig: fault=${kind} needs a real connection; it cannot happen in-process`,
    });
  }
  if (kind === 'reset') socket.resetAndDestroy();
  else socket.end();
  // Tells @hono/node-server that the socket has been dealt with and nothing is to be written.
  return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
}
