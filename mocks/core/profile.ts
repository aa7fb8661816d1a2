import { STATUS_CODES } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import {
  isDocumentedStatus,
  type OperationContract,
  type ProfileContract,
  type ProfileId,
  successStatuses,
} from '../../schemas/load.js';
import type { RequestErrors } from './body.js';
import { CLIENT_ERROR_MESSAGES, type ClientErrorKind } from './client-error.js';
import type { Clock } from './clock.js';
import { type Directives, type FaultKind, isEmpty, parseDirectives } from './directives.js';
import type { FaultRules } from './fault-rules.js';
import type { JwtSigner } from './jwt.js';
import { type ErrorSpec, MockError } from './mock-error.js';
import type { Quirks } from './quirks.js';
import type { Random } from './random.js';
import { readCapped } from './read-capped.js';
import { NO_STORE, reply } from './reply.js';
import type { SessionStore } from './session-store.js';
import type { UserDirectory } from './users.js';

/**
 * Hono environment of the mock: node bindings when served over a socket, absent under app.request().
 * `clientError` is set only by mocks/server.ts, for a request Node's parser refused (oversized headers,
 * a stalled client): bindings cannot come from the wire, so no client can forge it.
 */
export type MockEnv = {
  Bindings: Partial<HttpBindings> & { clientError?: ClientErrorKind };
  Variables: { profile: string; operation: string; fault: string };
};

export type MockContext = Context<MockEnv>;

/** Everything a profile shares with the others; created once per mock by mocks/app.ts. */
export interface MockServices {
  readonly clock: Clock;
  readonly random: Random;
  readonly jwt: JwtSigner;
  readonly users: UserDirectory;
  readonly sessions: SessionStore;
  readonly faults: FaultRules;
  /** Vendors' observed deviations, each off unless asked for; a profile takes its flags at start-up. */
  readonly quirks: Quirks;
  readonly maxBodyBytes: number;
  readonly logError: (error: unknown) => void;
}

/** What every profile factory (`createVcfMock`, …) takes. */
export interface ProfileFactoryOptions {
  services: MockServices;
  contract: ProfileContract;
  /** `--set` overrides, keyed `<profile>.<setting>`; each factory picks its own. */
  settings?: Readonly<Record<string, string>>;
}

export type OperationHandler = (c: MockContext) => Promise<Response> | Response;

/** What a profile supplies; method and path of each operation come from its OpenAPI document. */
export interface ProfileDefinition {
  readonly id: ProfileId;
  /** Path prefix the profile owns: unknown paths below it get the profile's own 404. */
  readonly prefix: string;
  readonly catalogue: Readonly<Record<string, ErrorSpec>>;
  readonly requestErrors: RequestErrors;
  readonly notFound: ErrorSpec;
  readonly methodNotAllowed: ErrorSpec;
  /** Rendered when a handler fails unexpectedly: a bug in the mock still answers in the envelope. */
  readonly internal: ErrorSpec;
  /** The vendor's error for a status nobody catalogued (reachable only through `Prefer: code`). */
  generic(status: number): ErrorSpec;
  /** The vendor's error body for an error, with realistic generated values where the vendor has fields. */
  envelope(error: MockError, random: Random, path: string): unknown;
  /**
   * Routes the vendor serves beside its documented operations (Dreadnode's device verification page),
   * added before the profile's catch-all 404 and answered through the same error envelope.
   */
  readonly extraRoutes?: (app: Hono<MockEnv>, bodyLimit: MiddlewareHandler<MockEnv>) => void;
  /**
   * Runs first for every request under `prefix`, before routing, the body limit and the directives:
   * for what a vendor's framework answers before any controller (KirjaSwappi's bearer filter).
   */
  readonly beforeRouting?: MiddlewareHandler<MockEnv>;
  readonly handlers: Readonly<Record<string, OperationHandler>>;
}

/**
 * Builds a profile's Hono sub-app from its definition and contract: routes from the OpenAPI document,
 * a body limit and the fault directives in front of every handler, and the profile's envelope for
 * every error, including the mock's own.
 */
export function createProfileApp(
  def: ProfileDefinition,
  contract: ProfileContract,
  services: MockServices,
): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const errorsByCode = new Map<string, ErrorSpec[]>();
  for (const spec of Object.values(def.catalogue)) {
    errorsByCode.set(spec.code, [...(errorsByCode.get(spec.code) ?? []), spec]);
  }
  const tooLarge = () => {
    throw new MockError(def.requestErrors.tooLarge, {
      message: `Request body exceeds the limit of ${services.maxBodyBytes} bytes`,
      headers: { Connection: 'close' },
    });
  };
  // With a Content-Length (what nearly every client sends) the limit is decided from the header and the
  // body is later read by the adapter's direct path; hono's bodyLimit would turn every request into a
  // web Request with a ReadableStream, the most expensive part of a request here. A chunked body has no
  // length to check up front, so it goes through the streaming limit.
  const limit: MiddlewareHandler<MockEnv> = async (c, next) => {
    const length = c.req.header('content-length');
    if (!c.env?.incoming) {
      // In-process (app.request) there is no socket to protect: the body is read once (hono caches it
      // for the handler) and measured. The streaming limit would clone the Request, and undici keeps
      // each clone's abort-signal link alive well past its request.
      const text = await c.req.text();
      if (Buffer.byteLength(text) > services.maxBodyBytes) return tooLarge();
      return next();
    }
    if (c.req.header('transfer-encoding') !== undefined) {
      // Chunked: no length up front, so the body is read here with the cap, and handed to hono's body
      // cache for the handler. (hono's bodyLimit clones the Request per call, which undici keeps alive.)
      const text = await readCapped(c.env.incoming, services.maxBodyBytes);
      if (text === undefined) return tooLarge();
      // Read back only through c.req.text() (mocks/core/body.ts), which returns the cached value as is.
      c.req.bodyCache.text = text;
      return next();
    }
    // Neither header on a real HTTP/1.1 connection: there is no body (RFC 9112 §6.3).
    if (length === undefined) return next();
    if (Number(length) > services.maxBodyBytes) return tooLarge();
    await next();
  };

  if (def.beforeRouting) app.use(`${def.prefix}/*`, def.beforeRouting);

  for (const op of contract.operations.values()) {
    const handler = def.handlers[op.id];
    if (!handler) throw new Error(`profile ${def.id} has no handler for operation ${op.id}`);
    const honoPath = op.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(op.method, honoPath, async (c, next) => {
      c.set('profile', def.id);
      c.set('operation', op.id);
      const clientError = c.env?.clientError;
      if (clientError) {
        throw new MockError(def.requestErrors.invalid, { message: CLIENT_ERROR_MESSAGES[clientError] });
      }
      const url = c.req.url;
      const query = url.includes('?') ? new URL(url).searchParams : undefined;
      const parsed = parseDirectives(c.req.header('prefer'), query);
      if (!parsed.ok)
        throw new MockError(def.requestErrors.directive, { message: `tokenrig: ${parsed.problem}` });
      const fromRule = services.faults.match(def.id, op.id, services.random.float);
      const directives: Directives = { ...fromRule, ...parsed.directives };
      if (isEmpty(directives)) return next();
      const override = resolve(directives, op);
      if (directives.delayMs) await new Promise((r) => setTimeout(r, directives.delayMs));
      if (directives.fault) return fault(c, directives.fault);
      if (override instanceof MockError) throw override;
      await next();
      if (override !== undefined && c.res.status >= 200 && c.res.status < 300) {
        c.res = new Response(c.res.body, { status: override, headers: c.res.headers });
      }
    });
    // An operation documented without a body ignores one, as the vendors' frameworks do; it is never read.
    if (op.requestContentTypes.length > 0) app.on(op.method, honoPath, limit, handler);
    else app.on(op.method, honoPath, handler);
  }

  def.extraRoutes?.(app, limit);

  // Right path, wrong method: 405 with Allow, as the vendors' frameworks (Spring, FastAPI) answer.
  const allowed = new Map<string, string[]>();
  for (const op of contract.operations.values())
    allowed.set(op.path, [...(allowed.get(op.path) ?? []), op.method]);
  for (const [path, methods] of allowed) {
    app.all(path, () => {
      throw new MockError(def.methodNotAllowed, {
        message: `Method not allowed; ${path} accepts ${methods.join(', ')}`,
        headers: { Allow: methods.join(', ') },
      });
    });
  }
  app.all(`${def.prefix}/*`, (c) => {
    throw new MockError(def.notFound, { message: `No such endpoint: ${c.req.method} ${c.req.path}` });
  });

  app.onError((err, c) => {
    // A client that hung up mid-body fails the body read: its fault, not the mock's, so it is neither
    // logged nor journaled as a 500 (nobody receives this answer).
    const aborted = !(err instanceof MockError) && c.req.raw.signal.aborted;
    const error =
      err instanceof MockError
        ? err
        : aborted
          ? new MockError(def.requestErrors.invalid, {
              message: 'The client closed the connection mid-request',
            })
          : new MockError(def.internal);
    if (!(err instanceof MockError) && !aborted) services.logError(err);
    const headers: Record<string, string> = { ...NO_STORE, ...error.extra.headers };
    if (error.status === 429 && !headers['Retry-After']) {
      headers['Retry-After'] = String(services.random.faker.number.int({ min: 1, max: 60 }));
    }
    return reply(def.envelope(error, services.random, c.req.path), error.status, headers);
  });

  /** A directive's status or vendor error as the error to throw, or the success status to answer with. */
  function resolve(d: Directives, op: OperationContract): MockError | number | undefined {
    if (d.error !== undefined) {
      const candidates = errorsByCode.get(d.error);
      if (!candidates) {
        return new MockError(def.requestErrors.directive, {
          message: `tokenrig: ${def.id} has no error code ${d.error}; known: ${[...errorsByCode.keys()].join(', ')}`,
        });
      }
      const spec = candidates.find((s) => s.operations?.includes(op.id)) ?? candidates[0];
      if (spec) return new MockError(spec, d.code === undefined ? {} : { status: d.code });
    }
    if (d.code === undefined) return undefined;
    if (!isDocumentedStatus(op, d.code)) {
      const documented = op.responses.map((r) => r.status).join(', ');
      return new MockError(def.requestErrors.directive, {
        message: `tokenrig: status ${d.code} is not documented for ${def.id} ${op.id} (documented: ${documented})`,
      });
    }
    if (d.code < 400) return successStatuses(op).includes(d.code) ? d.code : undefined;
    return new MockError(errorForStatus(op.id, d.code), { status: d.code });
  }

  function errorForStatus(operation: string, status: number): ErrorSpec {
    const all = Object.values(def.catalogue).filter((s) => s.status === status);
    return (
      all.find((s) => s.operations?.includes(operation)) ??
      all.find((s) => !s.operations) ??
      def.generic(status)
    );
  }

  function fault(c: MockContext, kind: FaultKind): Response {
    c.set('fault', kind);
    if (kind === 'malformed') {
      // A success status and a JSON media type over a body that stops mid-token: what a crashed
      // upstream behind a proxy looks like, and what a client's JSON parsing must survive.
      return new Response('{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIi', {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    const socket = c.env?.incoming?.socket;
    if (!socket) {
      throw new MockError(def.requestErrors.directive, {
        message: `tokenrig: fault=${kind} needs a real connection; it cannot happen in-process`,
      });
    }
    if (kind === 'reset') socket.resetAndDestroy();
    else socket.end();
    // Tells @hono/node-server that the socket has been dealt with and nothing is to be written.
    return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
  }

  return app;
}

/** The reason phrase for a status, for generic catalogue entries. */
export function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
