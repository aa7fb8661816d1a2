import { createHmac } from 'node:crypto';
import type { OperationContract } from '../../schemas/load.js';
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

interface ObjectSchema {
  type?: unknown;
  required?: readonly string[];
  properties?: Record<string, { type?: unknown; anyOf?: readonly { type?: unknown }[]; const?: unknown }>;
}

const TOKEN_NAME = /token/i;
const FORM_TYPE = /x-www-form-urlencoded/i;

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

const WRONG_TYPES: readonly [string, unknown][] = [
  ['number', 12345],
  ['boolean', true],
  ['object', { a: 1 }],
  ['array', ['x']],
  ['null', null],
];

function allowsType(
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
      payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      payload = {};
    }
  }
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...payload, ...claims })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

function withBody(request: HttpRequest, body: string | undefined, contentType?: string | null): HttpRequest {
  const headers = { ...request.headers };
  if (contentType === null) delete headers['content-type'];
  else if (contentType !== undefined) headers['content-type'] = contentType;
  return { ...request, headers, ...(body === undefined ? { body: undefined } : { body }) };
}

function parseBody(
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

/**
 * Every mutation that applies to an operation, given a valid request for it. Generated from the
 * operation's documented request schema, so only what the vendor documents is ever demanded.
 */
export function mutationsFor(operation: OperationContract, base: HttpRequest, forgeKey: Buffer): Mutation[] {
  const out: Mutation[] = [];
  // A GET or HEAD carries no content (RFC 9110 §9.3.1, §9.3.2), and fetch refuses to send one.
  const takesContent = operation.method !== 'GET' && operation.method !== 'HEAD';
  const schema = (operation.requestSchema ?? {}) as ObjectSchema;
  const required = schema.required ?? [];
  // Only a body the vendor requires, or one with required members, can be "wrong" as a whole.
  const bodyMatters = operation.requestRequired || required.length > 0;
  const parsed = parseBody(base);
  const isForm = parsed?.kind === 'form';
  const encode = (value: Record<string, unknown>) =>
    isForm ? new URLSearchParams(value as Record<string, string>).toString() : JSON.stringify(value);
  const bodyExpect: NegativeExpectation = bodyMatters ? 'reject' : 'survive';

  if (operation.requestContentTypes.length > 0) {
    out.push(
      { id: 'body:empty', description: 'an empty body', expect: bodyExpect, apply: (r) => withBody(r, '') },
      {
        id: 'body:not-json',
        description: 'a body that is not JSON',
        expect: bodyExpect,
        apply: (r) => withBody(r, '{"unterminated": ', isForm ? 'application/json' : undefined),
      },
      {
        id: 'body:null',
        description: 'the JSON literal null',
        expect: bodyExpect,
        apply: (r) => withBody(r, 'null', 'application/json'),
      },
      {
        id: 'body:deep-nesting',
        description: '2 000 nested arrays',
        expect: bodyExpect,
        apply: (r) => withBody(r, `${'['.repeat(2000)}${']'.repeat(2000)}`, 'application/json'),
      },
      {
        id: 'content-type:text-plain',
        description: 'the same body as text/plain',
        expect: 'survive',
        apply: (r) => withBody(r, r.body, 'text/plain'),
      },
      {
        id: 'content-type:missing',
        description: 'the same body without Content-Type',
        expect: 'survive',
        apply: (r) => withBody(r, r.body, null),
      },
    );
  }
  if (schema.type === 'object' && parsed) {
    const value = (parsed.value ?? {}) as Record<string, unknown>;
    if (!isForm) {
      out.push({
        id: 'body:array',
        description: 'an array where an object is documented',
        expect: bodyExpect,
        apply: (r) => withBody(r, JSON.stringify([value])),
      });
    }
    out.push(
      {
        id: 'extra-property',
        description: 'an undocumented extra property',
        expect: 'survive',
        apply: (r) => withBody(r, encode({ ...value, tokenrigExtra: 'x' })),
      },
      {
        id: 'proto-keys',
        description: '__proto__ and constructor keys',
        expect: 'survive',
        apply: (r) =>
          withBody(
            r,
            isForm
              ? `${r.body}&__proto__=x&constructor=y`
              : JSON.stringify(value).replace(
                  /^\{/,
                  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},',
                ),
          ),
      },
    );
    for (const name of required) {
      const rest = { ...value };
      delete rest[name];
      out.push({
        id: `missing:${name}`,
        description: `required ${name} left out`,
        expect: 'reject',
        apply: (r) => withBody(r, encode(rest)),
      });
    }
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      if (!isForm) {
        for (const [kind, wrong] of WRONG_TYPES) {
          if (allowsType(prop, kind)) continue;
          out.push({
            id: `type:${name}:${kind}`,
            description: `${name} as a ${kind}`,
            expect: 'reject',
            apply: (r) => withBody(r, JSON.stringify({ ...value, [name]: wrong })),
          });
        }
      }
      if (prop.const !== undefined) continue;
      for (const [kind, odd] of ODD_STRINGS) {
        out.push({
          id: `string:${name}:${kind}`,
          description: `${name} as ${kind === 'long' ? 'a 10 000-character string' : `the string ${JSON.stringify(odd)}`}`,
          expect: 'survive',
          apply: (r) => withBody(r, encode({ ...value, [name]: odd })),
        });
      }
      const current = value[name];
      if (TOKEN_NAME.test(name) && typeof current === 'string') {
        out.push(
          {
            id: `jwt-bad-signature:${name}`,
            description: `${name} re-signed with an unknown key`,
            expect: 'reject',
            apply: (r) => withBody(r, encode({ ...value, [name]: forgedJwt(current, {}, forgeKey) })),
          },
          {
            id: `jwt-expired:${name}`,
            description: `${name} with exp in the past`,
            expect: 'reject',
            apply: (r) =>
              withBody(
                r,
                encode({
                  ...value,
                  [name]: forgedJwt(current, { exp: 1_000_000_000, iat: 999_999_000 }, forgeKey),
                }),
              ),
          },
        );
        const other = Object.keys(value).find(
          (k) => k !== name && TOKEN_NAME.test(k) && typeof value[k] === 'string',
        );
        if (other && required.includes(name)) {
          out.push({
            id: `swapped:${name}:${other}`,
            description: `${name} and ${other} swapped`,
            expect: 'reject',
            apply: (r) => withBody(r, encode({ ...value, [name]: value[other], [other]: current })),
          });
        }
        if (!required.includes(name)) {
          // The documented alternative (Dreadnode: cookie instead of body) and an undocumented one
          // (a bearer header) may both work; neither may break the server.
          const rest = { ...value };
          delete rest[name];
          out.push(
            {
              id: `moved:${name}:cookie`,
              description: `${name} sent as a cookie instead of in the body`,
              expect: 'survive',
              apply: (r) => ({
                ...withBody(r, encode(rest)),
                headers: { ...withBody(r, encode(rest)).headers, cookie: `${name}=${current}` },
              }),
            },
            {
              id: `moved:${name}:bearer`,
              description: `${name} sent as a bearer token instead of in the body`,
              expect: 'survive',
              apply: (r) => ({
                ...withBody(r, encode(rest)),
                headers: { ...withBody(r, encode(rest)).headers, authorization: `Bearer ${current}` },
              }),
            },
          );
        }
      }
    }
  }
  if (schema.type === 'string' && parsed?.kind === 'json' && typeof parsed.value === 'string') {
    for (const [kind, wrong] of WRONG_TYPES) {
      if (kind === 'null' && !operation.requestRequired) continue;
      out.push({
        id: `type:body:${kind}`,
        description: `the body as a JSON ${kind}`,
        expect: 'reject',
        apply: (r) => withBody(r, JSON.stringify(wrong)),
      });
    }
    for (const [kind, odd] of ODD_STRINGS) {
      out.push({
        id: `string:body:${kind}`,
        description: `the body as the JSON string ${kind}`,
        expect: 'survive',
        apply: (r) => withBody(r, JSON.stringify(odd)),
      });
    }
  }
  if (operation.requestContentTypes.length === 0 && takesContent) {
    // A body where none is documented: the server may ignore it, never fail on it.
    out.push(
      {
        id: 'unexpected-body:json',
        description: 'a JSON body where none is documented',
        expect: 'survive',
        apply: (r) => withBody(r, '{"device_code": 1, "tokenrig": [null]}', 'application/json'),
      },
      {
        id: 'unexpected-body:garbage',
        description: 'a binary body where none is documented',
        expect: 'survive',
        apply: (r) => withBody(r, '\u0000\u00ff{[', 'application/octet-stream'),
      },
    );
  }
  out.push({
    id: 'query:junk',
    description: 'undocumented query parameters with odd characters',
    expect: 'survive',
    apply: (r) => ({ ...r, url: `${r.url}${r.url.includes('?') ? '&' : '?'}tokenrig=%00%C3%28&x[]=1&x[]=2` }),
  });
  const bearer = base.headers.authorization;
  if (bearer?.startsWith('Bearer ')) {
    const token = bearer.slice(7);
    const withAuth = (r: HttpRequest, value: string | undefined): HttpRequest => {
      const headers = { ...r.headers };
      if (value === undefined) delete headers.authorization;
      else headers.authorization = value;
      return { ...r, headers };
    };
    out.push(
      {
        id: 'bearer:missing',
        description: 'no Authorization header',
        expect: 'reject',
        apply: (r) => withAuth(r, undefined),
      },
      {
        id: 'bearer:garbage',
        description: 'a bearer that is not a token',
        expect: 'reject',
        apply: (r) => withAuth(r, 'Bearer not-a-token'),
      },
      {
        id: 'bearer:bad-signature',
        description: 'the bearer re-signed with an unknown key',
        expect: 'reject',
        apply: (r) => withAuth(r, `Bearer ${forgedJwt(token, {}, forgeKey)}`),
      },
      {
        id: 'bearer:expired',
        description: 'the bearer with exp in the past',
        expect: 'reject',
        apply: (r) => withAuth(r, `Bearer ${forgedJwt(token, { exp: 1_000_000_000 }, forgeKey)}`),
      },
      {
        id: 'bearer:scheme',
        description: 'the token under the Basic scheme',
        expect: 'reject',
        apply: (r) => withAuth(r, `Basic ${token}`),
      },
    );
    if (takesContent) {
      out.push({
        id: 'bearer:in-body',
        description: 'the bearer token moved into the body',
        expect: 'reject',
        apply: (r) =>
          withAuth(withBody(r, JSON.stringify({ access_token: token }), 'application/json'), undefined),
      });
    }
  }
  return out;
}

/**
 * A response that accepts the request: a 2xx, unless its body is a floLIVE-style NAK (a non-empty
 * `errorCode`), which the vendor answers failures with whatever the HTTP status.
 */
export function isAcceptance(status: number, json: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  const code =
    json !== null && typeof json === 'object' ? (json as { errorCode?: unknown }).errorCode : undefined;
  return !(typeof code === 'string' && code !== '');
}
