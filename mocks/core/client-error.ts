import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProfileContract } from '../../schemas/load.js';

/**
 * Why Node's HTTP parser refused a request before the app saw it. Node would answer these itself with
 * a bare 431/408/400; the mock answers them in the profile's envelope instead (see createProfileApp).
 */
export type ClientErrorKind = 'header-overflow' | 'timeout' | 'malformed';

/** The message the profile's `invalid` error carries for each kind. */
export const CLIENT_ERROR_MESSAGES: Readonly<Record<ClientErrorKind, string>> = {
  'header-overflow': 'Request header fields too large',
  timeout: 'Request timed out',
  malformed: 'Malformed HTTP request',
};

/** Node's own status for each kind: the answer when the request names no profile operation. */
const PLAIN: Readonly<Record<ClientErrorKind, { status: number; code: string }>> = {
  'header-overflow': { status: 431, code: 'TOKENRIG_HEADERS_TOO_LARGE' },
  timeout: { status: 408, code: 'TOKENRIG_REQUEST_TIMEOUT' },
  malformed: { status: 400, code: 'TOKENRIG_BAD_REQUEST' },
};

/** The error Node hands to `clientError`: llhttp's `HPE_*` codes carry the bytes being parsed. */
export interface HttpClientError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** What can be answered; undefined for a connection that is already gone (ECONNRESET, EPIPE, …). */
export function classifyClientError(error: HttpClientError): ClientErrorKind | undefined {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'header-overflow';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'timeout';
  // A client that hangs up mid-request also surfaces as an HPE_ code; the socket check catches that.
  if (error.code?.startsWith('HPE_')) return 'malformed';
  return undefined;
}

export interface RequestLine {
  readonly method: string;
  /** Origin-form target: path and query. */
  readonly target: string;
}

const REQUEST_LINE = /^([A-Z]{1,20}) (\S{1,8192}) HTTP\/1\.[01]\r?\n/;

/**
 * The method and target of a request from the first bytes Node saw, when they hold a complete request
 * line. Node passes only the chunk being parsed, so a header overflow whose request line came in an
 * earlier chunk yields nothing, and the caller answers without a profile.
 */
export function parseRequestLine(raw: Buffer | undefined): RequestLine | undefined {
  if (!raw) return undefined;
  const match = REQUEST_LINE.exec(raw.subarray(0, 8300).toString('latin1'));
  if (!match) return undefined;
  const [, method = '', target = ''] = match;
  return requestLine(method, target);
}

/** A method and request target, the target in origin-form; undefined for `*` and other non-paths. */
export function requestLine(method: string, target: string): RequestLine | undefined {
  if (target.startsWith('/')) return { method, target };
  // Absolute-form (`POST http://host/v1/tokens HTTP/1.1`), as sent to proxies.
  try {
    const url = new URL(target);
    return /^https?:$/.test(url.protocol) ? { method, target: `${url.pathname}${url.search}` } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request names one of the profiles' documented operations. Only those are handed to the app:
 * a synthetic request for any other route (the admin API, Dreadnode's verification page) would run its
 * handler, and a reset or a device approval must never come from a request Node refused.
 */
export function operationMatcher(
  contracts: Iterable<ProfileContract>,
): (method: string, target: string) => boolean {
  const routes: { method: string; path: RegExp }[] = [];
  for (const contract of contracts) {
    for (const op of contract.operations.values()) {
      const pattern = op.path
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      routes.push({ method: op.method.toUpperCase(), path: new RegExp(`^${pattern}$`) });
    }
  }
  return (method, target) => {
    const path = target.split('?', 1)[0] ?? '';
    return routes.some((r) => r.method === method && r.path.test(path));
  };
}

/** The plain answer for a request that names no operation, in the app's own `{error: {code, message}}`. */
export function plainClientError(kind: ClientErrorKind): Response {
  const { status, code } = PLAIN[kind];
  return new Response(JSON.stringify({ error: { code, message: CLIENT_ERROR_MESSAGES[kind] } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Framing the raw writer sets itself: a copy from the Response could contradict it. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/** A Response as the bytes of an HTTP/1.1 message that closes the connection. */
export async function toRawHttp(response: Response): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`];
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) lines.push(`${name}: ${value}`);
  });
  lines.push(`date: ${new Date().toUTCString()}`, 'connection: close', `content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** The request a connection is serving, from the server's `request` event: known when a body stalls. */
export interface InFlight {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

export interface ClientErrorResponderOptions {
  /** Answers a synthetic request; `clientError` reaches the profile through the Hono bindings. */
  fetch: (request: Request, env: { clientError: ClientErrorKind }) => Response | Promise<Response>;
  /** Whether a method and target name a profile operation (see operationMatcher). */
  isOperation: (method: string, target: string) => boolean;
  /** The server's own base URL, for the synthetic request. */
  origin: () => string;
}

/**
 * The answer to a request refused before the app saw it: the profile's own error, through a synthetic
 * request flagged in its bindings, when the request line names a profile operation; the plain JSON error
 * otherwise, and whenever the request line is unknown.
 */
export function createClientErrorResponder({
  fetch,
  isOperation,
  origin,
}: ClientErrorResponderOptions): (kind: ClientErrorKind, line: RequestLine | undefined) => Promise<Response> {
  return async (kind, line) => {
    if (!line || !isOperation(line.method, line.target)) return plainClientError(kind);
    // Without a body: the profile middleware throws before any handler could read one.
    return fetch(new Request(new URL(line.target, origin()), { method: line.method }), { clientError: kind });
  };
}

export interface ClientErrorHandlerOptions {
  respond: (kind: ClientErrorKind, line: RequestLine | undefined) => Promise<Response>;
  /** The request each connection is serving, if any. */
  inFlight: WeakMap<Duplex, InFlight>;
  logError: (error: unknown) => void;
  /**
   * How long an answered connection stays open to swallow what the client is still sending. Closing a
   * socket with unread bytes makes the kernel send a reset, which can destroy the answer before the
   * client reads it.
   */
  lingerMs?: number;
}

/**
 * The server's `clientError` listener: answers a request Node refused (see createClientErrorResponder),
 * written as raw HTTP/1.1 since no ServerResponse exists, then closes the connection. It never throws:
 * a listener that throws would take the whole mock down.
 */
export function createClientErrorHandler({
  respond,
  inFlight,
  logError,
  lingerMs = 1000,
}: ClientErrorHandlerOptions): (error: HttpClientError, socket: Duplex) => void {
  // Node keeps feeding a connection's later bytes to its failed parser and reports each chunk again.
  const answered = new WeakSet<Duplex>();

  return (error, socket) => {
    try {
      if (answered.has(socket)) {
        // The answer is out; a later timeout means the client never read it or never left.
        if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.destroy();
        return;
      }
      const kind = classifyClientError(error);
      const pending = inFlight.get(socket);
      // Bytes of a response already on the wire: another message would corrupt it.
      if (!kind || !socket.writable || pending?.response.headersSent) {
        socket.destroy();
        return;
      }
      answered.add(socket);
      const line = pending
        ? requestLine(pending.request.method ?? 'GET', pending.request.url ?? '/')
        : parseRequestLine(error.rawPacket);
      respond(kind, line)
        .then(toRawHttp)
        .then(
          (raw) => {
            if (!socket.writable) return socket.destroy();
            socket.end(raw);
            setTimeout(() => socket.destroy(), lingerMs).unref();
          },
          (failure: unknown) => {
            logError(failure);
            socket.destroy();
          },
        );
    } catch (failure) {
      logError(failure);
      socket.destroy();
    }
  };
}
