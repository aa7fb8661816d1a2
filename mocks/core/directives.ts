import type { ErrorSpec } from './mock-error.js';

export const FAULT_KINDS = ['reset', 'empty', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a client (or an admin rule) asked the mock to do to one request instead of its normal answer. */
export interface Directives {
  code?: number;
  error?: string;
  delayMs?: number;
  fault?: FaultKind;
  /** Headers the error answer carries (a scenario's `Retry-After`); not settable through `Prefer`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Why a request's answer is not the mock's own: a `Prefer` header, a `?__code=`-style query parameter,
 * or an admin fault rule (by its id). The journal and the request log carry it, so that a forced 500
 * never reads as a genuine one. When a request carries both header and query directives, `query`: its
 * values are applied last, and win.
 */
export type Forced =
  | { readonly by: 'prefer' | 'query' }
  | { readonly by: 'rule'; readonly rule: string }
  /** The active scenarios (mocks/scenarios/) that decided it, comma-separated in the order they were switched on. */
  | { readonly by: 'scenario'; readonly scenario: string };

/** Longest delay honoured: long enough to trip any client timeout, short enough not to pin sockets. */
export const MAX_DELAY_MS = 120_000;

/**
 * The mock's own error for a directive it cannot honour (an unknown code, an undocumented status), in
 * the profile's envelope. Dreadnode keeps its own: 422 and snake_case, as its FastAPI errors are.
 */
export const INVALID_DIRECTIVE = {
  code: 'TOKENRIG_INVALID_DIRECTIVE',
  status: 400,
  message: 'tokenrig cannot honour this Prefer directive.',
  provenance: 'assumed',
} as const satisfies ErrorSpec;

const QUERY_KEYS = { __code: 'code', __error: 'error', __delay: 'delay', __fault: 'fault' } as const;

/** Where a directive was read: what `forced.by` says (undefined: the request gave none the mock knows). */
export type DirectiveSource = 'prefer' | 'query';

export type ParsedDirectives =
  | { ok: true; directives: Directives; from?: DirectiveSource }
  | { ok: false; problem: string; from: DirectiveSource };

/**
 * Reads `Prefer: code=404, delay=200` (RFC 7240 syntax, as Prism uses it) and the query-string
 * equivalents `?__code=404&__delay=200` for clients that cannot set headers. Preferences the mock does
 * not know are ignored, as RFC 7240 §2 asks; a known one with a bad value is a problem to report.
 */
export function parseDirectives(
  prefer: string | undefined,
  query: URLSearchParams | undefined,
): ParsedDirectives {
  const pairs: [string, string, DirectiveSource][] = [];
  if (prefer) {
    for (const part of prefer.split(/[,;]/)) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim().toLowerCase();
      const value = part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      pairs.push([key, value, 'prefer']);
    }
  }
  if (query) {
    for (const [param, key] of Object.entries(QUERY_KEYS)) {
      const value = query.get(param);
      if (value !== null) pairs.push([key, value, 'query']);
    }
  }
  const directives: Directives = {};
  // The source of the last directive applied: the query's, when both give some (they are applied last).
  let from: DirectiveSource | undefined;
  for (const [key, value, source] of pairs) {
    if (key in KNOWN) from = source;
    switch (key) {
      case 'code': {
        const code = Number(value);
        if (!/^\d{3}$/.test(value) || code < 200 || code > 599) {
          return {
            ok: false,
            from: source,
            problem: `code=${value} is not an HTTP status between 200 and 599`,
          };
        }
        directives.code = code;
        break;
      }
      case 'error':
        if (value === '') return { ok: false, from: source, problem: 'error= needs a vendor error code' };
        directives.error = value;
        break;
      case 'delay': {
        const ms = Number(value);
        if (!/^\d+$/.test(value) || ms > MAX_DELAY_MS) {
          return {
            ok: false,
            from: source,
            problem: `delay=${value} is not a whole number of milliseconds up to ${MAX_DELAY_MS}`,
          };
        }
        directives.delayMs = ms;
        break;
      }
      case 'fault':
        if (!(FAULT_KINDS as readonly string[]).includes(value)) {
          return {
            ok: false,
            from: source,
            problem: `fault=${value} is not one of ${FAULT_KINDS.join(', ')}`,
          };
        }
        directives.fault = value as FaultKind;
        break;
    }
  }
  return from === undefined ? { ok: true, directives } : { ok: true, directives, from };
}

/** The preferences the mock acts on; RFC 7240 says to ignore any other. */
const KNOWN: Readonly<Record<string, true>> = { code: true, error: true, delay: true, fault: true };

export function isEmpty(d: Directives): boolean {
  return d.code === undefined && d.error === undefined && d.delayMs === undefined && d.fault === undefined;
}
