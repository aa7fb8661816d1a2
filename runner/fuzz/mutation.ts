import { createHmac } from 'node:crypto';
import type { HttpRequest } from '../http.js';

/**
 * What the vendor's documentation lets us demand of a mutated request:
 * - `reject`: the input breaks something documented (a required field, a documented type, the media
 *   type of a required body, a token that cannot be valid): a client error, never a success — a
 *   framework's 413 or 415 is a client error like any other (its undocumented code only a should);
 * - `survive`: the input is odd but not documented as wrong (an extra property, an empty or exotic
 *   string, another content type): any documented answer except a 5xx.
 */
export type NegativeExpectation = 'reject' | 'survive';

export interface Mutation {
  /** Stable name: `missing:refreshToken`, `type:token:number`, `jwt-expired:refresh_token`, … */
  readonly id: string;
  /** What was changed, shown in a failure next to the curl line. */
  readonly description: string;
  readonly expect: NegativeExpectation;
  readonly apply: (request: HttpRequest) => HttpRequest;
}

export interface ObjectSchema {
  type?: unknown;
  required?: readonly string[];
  properties?: Record<string, { type?: unknown; anyOf?: readonly { type?: unknown }[]; const?: unknown }>;
}

export const TOKEN_NAME = /token/i;
export const FORM_TYPE = /x-www-form-urlencoded/i;

/** Strings that are valid strings: a server must answer them, whatever it thinks of them. */
export const ODD_STRINGS: readonly [string, string][] = [
  ['empty', ''],
  ['long', 'a'.repeat(10_000)],
  ['nul', 'a\u0000b'],
  ['lone-surrogate', '\ud800'],
  ['rtl-override', 'abc\u202edef'],
  ['zero-width', '\u200b\u200c\ufeff'],
  ['emoji', '🦄🔑'],
  ['combining', 'e\u0301\u0301\u0301'],
  ['string-false', 'false'],
  ['string-null', 'null'],
  ['sql', "' OR '1'='1"],
  ['path', '../../etc/passwd'],
];

export const WRONG_TYPES: readonly [string, unknown][] = [
  ['number', 12345],
  ['boolean', true],
  ['object', { a: 1 }],
  ['array', ['x']],
  ['null', null],
];

export function allowsType(
  schema: { type?: unknown; anyOf?: readonly { type?: unknown }[] } | undefined,
  type: string,
): boolean {
  if (!schema) return true;
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)]
    .flat()
    .filter((t) => t !== undefined);
  if (types.length === 0) return true;
  return types.includes(type) || (type === 'number' && types.includes('integer'));
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWS that parses but was signed with a key the target cannot have: structurally valid, never genuine. */
export function forgedJwt(original: string, claims: Record<string, unknown>, key: Buffer): string {
  let payload: Record<string, unknown> = {};
  const part = original.split('.')[1];
  if (original.split('.').length === 3 && part) {
    try {
      // A JWT payload is a JSON object (RFC 7519 §7.2); a token whose payload is not is replaced whole.
      payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      payload = {};
    }
  }
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...payload, ...claims })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

export function withBody(
  request: HttpRequest,
  body: string | undefined,
  contentType?: string | null,
): HttpRequest {
  const headers = { ...request.headers };
  if (contentType === null) delete headers['content-type'];
  else if (contentType !== undefined) headers['content-type'] = contentType;
  return { ...request, headers, ...(body === undefined ? { body: undefined } : { body }) };
}

export function parseBody(
  request: HttpRequest,
): { kind: 'json'; value: unknown } | { kind: 'form'; value: Record<string, string> } | undefined {
  const type = request.headers['content-type'] ?? '';
  if (request.body === undefined) return undefined;
  if (FORM_TYPE.test(type))
    return { kind: 'form', value: Object.fromEntries(new URLSearchParams(request.body)) };
  try {
    return { kind: 'json', value: JSON.parse(request.body) };
  } catch {
    return undefined;
  }
}
