import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly setCookies: readonly string[];
  readonly text: string;
  readonly bytes: number;
}

export type TransportErrorKind =
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'too-large'
  /** The run was stopped (Ctrl-C, SIGTERM) while the exchange was in flight: no verdict on the target. */
  | 'interrupted'
  | 'other';

export type HttpOutcome =
  | { readonly ok: true; readonly response: HttpResponse; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly kind: TransportErrorKind;
      readonly message: string;
      readonly durationMs: number;
    };

export interface HttpOptions {
  /** Whole exchange, headers and body, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest body read; a larger one is abandoned and reported (memory stays bounded). */
  readonly maxBodyBytes: number;
  /** Aborts the exchange at once when the run is interrupted (Ctrl-C); the outcome says `interrupted`. */
  readonly signal?: AbortSignal;
}

const AGENTS = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

/**
 * What a WHATWG fetch adds to every request, added here too so that a target sees the same requests it
 * saw when the runner used fetch (a server may negotiate on Accept or decode by Content-Type). Among
 * them fetch's Content-Type for a string body sent without one: a "missing Content-Type" mutation has
 * always arrived as text/plain.
 */
const FETCH_DEFAULTS: readonly (readonly [string, string])[] = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];

function outgoingHeaders(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { ...request.headers };
  const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  if (request.body !== undefined && !present.has('content-type'))
    headers['content-type'] = 'text/plain;charset=UTF-8';
  for (const [name, value] of FETCH_DEFAULTS) if (!present.has(name)) headers[name] = value;
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return headers;
}

/** The body as sent, decoded as fetch decodes it: gzip and deflate (and br, should a server send it). */
function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  if (encoding === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** Why an exchange ended without an answer, as the runner reports it. */
class Ended extends Error {
  constructor(readonly outcome: { kind: TransportErrorKind; message: string }) {
    super(outcome.message);
  }
}

/**
 * One HTTP exchange as a conformance check needs it: redirects are not followed (a redirect is an
 * answer to judge), the body is read under the same timeout and a size cap, and every way the target
 * can fail to answer becomes data with a reason instead of an exception. node:http with keep-alive
 * rather than fetch: a third of fetch's cost per request, and the runner needs none of its web
 * semantics (CORS, redirects, streams).
 */
export async function send(request: HttpRequest, options: HttpOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  // A run stopped by Ctrl-C sends nothing more; what is in flight is aborted by the same signal.
  if (options.signal?.aborted) return { ...interruption(options.signal), ok: false, durationMs: 0 };
  try {
    const response = await exchange(request, options);
    return { ok: true, response, durationMs: elapsed() };
  } catch (error) {
    const outcome = error instanceof Ended ? error.outcome : classify(error);
    return { ...outcome, ok: false, durationMs: elapsed() };
  }
}

function exchange(request: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const url = new URL(request.url);
    const agent = url.protocol === 'https:' ? AGENTS['https:'] : AGENTS['http:'];
    const call = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    let body: Readable | undefined;
    const { signal } = options;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', interrupted);
      // Stop reading at once: a decompressor would go on inflating what it already holds.
      body?.destroy();
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(new Ended({ kind: 'timeout', message: `no complete response within ${options.timeoutMs} ms` })),
      options.timeoutMs,
    );
    const interrupted = () => fail(new Ended(interruption(signal)));
    let req: ClientRequest;
    try {
      req = call(url, { method: request.method, headers: outgoingHeaders(request), agent }, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let bytes = 0;
        // A response that stops before its end (a reset, a close short of Content-Length) is not an answer.
        const cut = () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        res.on('aborted', cut);
        res.on('error', fail);
        const stream = decoded(res);
        body = stream;
        stream.on('error', fail);
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          bytes += chunk.byteLength;
          if (bytes > options.maxBodyBytes) {
            fail(
              new Ended({
                kind: 'too-large',
                message: `response body exceeds ${options.maxBodyBytes} bytes (status ${status}); stopped reading`,
              }),
            );
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => {
          if (settled) return;
          if (!res.complete) return cut();
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', interrupted);
          const headers = headersOf(res);
          resolve({
            status,
            headers,
            setCookies: headers.getSetCookie(),
            text: new TextDecoder().decode(Buffer.concat(chunks)),
            bytes,
          });
        });
      });
    } catch (error) {
      // An invalid header name or value is refused before anything is sent.
      clearTimeout(timer);
      signal?.removeEventListener('abort', interrupted);
      reject(error);
      return;
    }
    req.on('error', fail);
    signal?.addEventListener('abort', interrupted, { once: true });
    req.end(request.body);
  });
}

function interruption(signal: AbortSignal | undefined): { kind: TransportErrorKind; message: string } {
  return {
    kind: 'interrupted',
    message: `interrupted (${String(signal?.reason)}) before a complete response`,
  };
}

function classify(error: unknown): { kind: TransportErrorKind; message: string } {
  // node's errors carry a code; anything else thrown is reported by its message.
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused (${detail})` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { kind: 'dns', message: `host not found (${detail})` };
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { kind: 'reset', message: `connection closed before a complete response (${detail})` };
  }
  return {
    kind: 'other',
    message: `request failed: ${detail}${typeof code === 'string' ? ` (${code})` : ''}`,
  };
}
