import { cors } from 'hono/cors';
import type { Clock } from './clock.js';
import type { Forced } from './directives.js';
import type { Journal } from './journal.js';
import type { QuirkFlag } from './quirks.js';
import type { MockContext, RequestFrame } from './types.js';

/** A vendor's CORS allow-list (a quirk): other origins under its prefix get the vendor's refusal. */
export interface CorsRefusal {
  readonly flag: QuirkFlag;
  readonly prefix: string;
  readonly origins: readonly string[];
}

export interface RequestFrameOptions {
  readonly journal: Journal;
  readonly clock: Clock;
  /** Receives one line per request; nothing is logged when absent. */
  readonly log?: (line: string) => void;
  /** Origins allowed by CORS; any origin is reflected when empty or absent. */
  readonly corsOrigins?: readonly string[];
  readonly corsRefusals: readonly CorsRefusal[];
}

const ADMIN = '/__admin';

/**
 * The frame around every request: CORS for browser clients, then the answer, then one log line and
 * (outside the admin API) a journal entry. What CORS answers by itself (a preflight, a quirk's refusal)
 * is logged and journaled too.
 */
export function createRequestFrame({
  journal,
  clock,
  log,
  corsOrigins,
  corsRefusals,
}: RequestFrameOptions): RequestFrame {
  const allowList = corsOrigins?.length ? new Set(corsOrigins) : undefined;
  const corsHeaders = cors({
    // Credentials (Dreadnode's cookies) rule out `*`: the caller's origin is echoed when allowed.
    origin: (origin) => (allowList === undefined || allowList.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['Retry-After', 'Allow', 'Location'],
    maxAge: 600,
  });

  async function withCors(
    c: MockContext,
    origin: string,
    answer: (c: MockContext) => Promise<Response> | Response,
  ): Promise<Response> {
    for (const q of corsRefusals) {
      if (q.flag.on && c.req.path.startsWith(q.prefix) && !q.origins.includes(origin)) {
        // Spring's DefaultCorsProcessor: 403 with a plain-text body, preflight or not.
        return c.text('Invalid CORS request', 403, {
          Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        });
      }
    }
    const preflight = await corsHeaders(c, async () => {
      c.res = await answer(c);
    });
    return preflight ?? c.res;
  }

  return async (c, info, answer) => {
    const started = performance.now();
    // Browsers send Origin on every cross-origin request; without it there is nothing to allow, and
    // touching the response headers would make every answer a full web Response (a profile's top cost).
    const origin = c.req.header('origin');
    const res = origin === undefined ? await answer(c) : await withCors(c, origin, answer);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const profile = info.profile ?? c.get('profile');
    const operation = info.operation ?? c.get('operation');
    const fault = c.get('fault');
    const forced = c.get('forced');
    const session = c.get('session');
    const path = c.req.path;
    if (log) {
      const what = profile ? ` ${profile}.${operation}` : '';
      // A forced answer says so, and by what: a forced 500 must not read as the mock's own.
      const why = forced === undefined ? '' : ` forced=${forcedBy(forced)}`;
      const whose = session === undefined ? '' : ` session=${session}`;
      log(
        `${c.req.method} ${path} ${fault ? `fault=${fault}` : res.status}${what}${why}${whose} ${durationMs}ms`,
      );
    }
    if (!path.startsWith(ADMIN)) {
      const url = c.req.url;
      const q = url.indexOf('?');
      journal.record({
        id: journal.nextId(),
        at: clock.now(),
        method: c.req.method,
        path,
        query: q < 0 ? '' : url.slice(q),
        status: res.status,
        durationMs,
        profile,
        operation,
        fault,
        forced,
        session,
        credential: c.get('credential'),
        expiresIn: c.get('expiresIn'),
        // Read only when the client findings need it: most answers are not a 429.
        retryAfter: res.status === 429 ? (res.headers.get('retry-after') ?? undefined) : undefined,
        // The node request's plain header object when there is one: building web Headers costs more.
        // Kept as received and redacted when read (/__admin/requests): most entries are never read.
        requestHeaders: c.env?.incoming?.headers ?? Object.fromEntries(c.req.raw.headers),
      });
    }
    return res;
  };
}

/** Who forced an answer, as the log line names it: the rule's id, `scenario:<names>`, `prefer`, `query`. */
function forcedBy(forced: Forced): string {
  if (forced.by === 'rule') return forced.rule;
  if (forced.by === 'scenario') return `scenario:${forced.scenario}`;
  return forced.by;
}
