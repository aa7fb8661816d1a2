import type { CookieLines } from './cookies.js';

/**
 * The JSON answer of a refresh, with its two Set-Cookie lines, in one header object that is right
 * wherever it ends up. @hono/node-server hands a plain object to node's `writeHead`, which writes an
 * array value as one line per element; a web Headers object on that path costs the adapter a
 * conversion back (hono's `c.header` + `c.json`: about 8 % of a Dreadnode refresh under load). A web
 * Headers built from a plain object would join the array into one line, so the object is also
 * iterable: `new Headers(init)` (an in-process `app.request()`, CORS adding its headers, a
 * `Prefer: status=` override) takes the iterable form and appends each pair, both cookies included.
 *
 * Names are lower case and in Headers' sorted order, and Content-Length is written after them, as the
 * adapter wrote them from Headers before: the bytes on the wire are the same. Content-Length is an
 * own key only (for writeHead), not one of the iterated pairs: a Response built from the pairs gets
 * its length where it always did.
 */
class CookieReplyHeaders {
  readonly 'cache-control' = 'no-store';
  readonly 'content-type' = 'application/json';
  readonly pragma = 'no-cache';
  readonly 'set-cookie': readonly string[];
  readonly 'Content-Length': number;

  constructor(cookies: CookieLines, length: number) {
    this['set-cookie'] = cookies;
    this['Content-Length'] = length;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    yield ['cache-control', this['cache-control']];
    yield ['content-type', this['content-type']];
    yield ['pragma', this.pragma];
    for (const line of this['set-cookie']) yield ['set-cookie', line];
  }
}

/** A 200 JSON answer (no-store, as a token endpoint's) setting the two token cookies. */
export function cookieReply(body: unknown, cookies: CookieLines): Response {
  const text = JSON.stringify(body);
  // The class is a HeadersInit by its iterator; TypeScript's lib does not see a user class as one.
  const headers = new CookieReplyHeaders(
    cookies,
    Buffer.byteLength(text),
  ) as unknown as ResponseInit['headers'];
  return new Response(text, { status: 200, headers });
}
