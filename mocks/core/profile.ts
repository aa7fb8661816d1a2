import { Hono } from 'hono';
import type { ProfileId } from '../../schemas/load.js';
import { withinBodyLimit } from './body-limit.js';
import type { ErrorRoles } from './catalogue.js';
import { CLIENT_ERROR_MESSAGES } from './client-error.js';
import { connectionFault } from './connection-fault.js';
import type { Directives } from './directives.js';
import type { FaultTargets } from './fault-targets.js';
import { MockError } from './mock-error.js';
import type { NamespaceRefusal } from './namespace.js';
import type { BoundOperation } from './operation.js';
import { createErrorRenderer, type Envelope } from './render-error.js';
import { requestDirectives, resolveDirectives } from './resolve-directives.js';
import type { MockContext, MockEnv, MockServices, RequestFrame, RouteInfo } from './types.js';

type Answer = (c: MockContext) => Response | Promise<Response>;

/** The methods a 405 gets its own route for (HEAD is routed as GET by hono). */
const COMMON_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route a vendor serves beside its documented operations (Dreadnode's device verification page). */
export interface ExtraRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** What the journal calls it. */
  readonly operation: string;
  /** Whether it reads a body: the body limit applies. */
  readonly body: boolean;
  readonly handle: Answer;
}

/** A profile with everything resolved at start-up: what the app builder turns into routes. */
export interface ResolvedProfile {
  readonly id: ProfileId;
  /** Path prefix the profile owns: unknown paths below it get the profile's own 404. */
  readonly prefix: string;
  readonly roles: ErrorRoles;
  readonly targets: FaultTargets;
  readonly envelope: Envelope;
  readonly operations: readonly BoundOperation[];
  readonly extraRoutes: readonly ExtraRoute[];
  /**
   * Runs first for every request the profile answers, before the directives and the body limit: for
   * what a vendor's framework answers before any controller (KirjaSwappi's bearer filter).
   */
  readonly before?: (c: MockContext) => Response | undefined;
  /** Forgets the profile's own state (what is not in the shared services), as at start-up. */
  readonly reset?: () => void;
}

/** A built profile: its routes, and what it answers for a request none of them matched. */
export interface MountedProfile {
  readonly id: string;
  readonly app: Hono<MockEnv>;
  readonly targets: FaultTargets;
  /**
   * The profile's 404 for a path under its prefix (or 405 for an uncommon method on an operation's
   * path) that no route matched; undefined for other paths. The app's notFound calls it (hono does not
   * carry a notFound into an app that mounts this one).
   */
  unrouted(c: MockContext): Promise<Response> | undefined;
  /** Back to the profile's start-up state; the shared services are reset by the app. */
  reset(): void;
}

/**
 * Builds a profile's routes: one handler per operation, composed here, once: the frame (journal, CORS),
 * the profile's `before`, a request Node refused, the fault directives, the body limit, the handler;
 * every error in the profile's envelope. Method and path of each operation come from its contract.
 */
export function createProfileApp(
  def: ResolvedProfile,
  services: MockServices,
  frame: RequestFrame,
): MountedProfile {
  const { roles, targets, before } = def;
  const render = createErrorRenderer(roles, def.envelope, services);
  const app = new Hono<MockEnv>();
  const tooLarge = () =>
    new MockError(roles.tooLarge, {
      message: `Request body exceeds the limit of ${services.maxBodyBytes} bytes`,
      headers: { Connection: 'close' },
    });
  const namespaceRefused = ({ status, message, retryAfterSeconds }: NamespaceRefusal) =>
    new MockError(roles.directive, {
      status,
      message,
      ...(retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
    });
  /** The handler behind the body limit, when it takes a body; an operation without one never reads it. */
  const limited = (handle: Answer, body: boolean): Answer => {
    if (!body) return handle;
    return async (c) => {
      if (!(await withinBodyLimit(c, services.maxBodyBytes))) throw tooLarge();
      return handle(c);
    };
  };
  /**
   * The answer behind the profile's `before`, with every error in the profile's envelope; a namespace
   * the mock cannot serve (mocks/app.ts) is the client's directive error, before anything else runs.
   */
  const guarded = (answer: Answer) => async (c: MockContext) => {
    try {
      const refusal = c.env?.namespaceRefusal;
      if (refusal) throw namespaceRefused(refusal);
      return before?.(c) ?? (await answer(c));
    } catch (error) {
      return render(error, c);
    }
  };
  const route = (methods: string[], path: string, info: RouteInfo, answer: Answer) => {
    const run = guarded(answer);
    app.on(methods, path.replace(/\{(\w+)\}/g, ':$1'), (c) => frame(c, info, run));
  };

  const { scenarios } = services;
  for (const { contract: op, handle } of def.operations) {
    const run = limited(handle, op.requestContentTypes.length > 0);
    /** The answer, as the active scenarios would have it: decided before, told after, lost if drawn. */
    const underScenarios = async (c: MockContext) => {
      const decision = scenarios.decide(def.id, op.id);
      const names = decision?.names.join(',') ?? '';
      const res = await answer(c, decision?.directives && { names, directives: decision.directives });
      // A connection fault answers nothing (its placeholder response says 200): nothing to count.
      if (!c.get('fault')) scenarios.answered(def.id, op.id, c.get('session'), res.status);
      if (decision?.lose && res.status >= 200 && res.status < 300) {
        c.set('forced', { by: 'scenario', scenario: names });
        return connectionFault(c, 'reset', roles.directive);
      }
      return res;
    };
    const answer = async (c: MockContext, scenario?: { names: string; directives: Directives }) => {
      const directives = await requestDirectives(c, services, def.id, op.id, roles.directive, scenario);
      if (directives === undefined) return run(c);
      const override = resolveDirectives(directives, op, targets, roles.directive);
      if (directives.delayMs) await new Promise((r) => setTimeout(r, directives.delayMs));
      if (directives.fault) return connectionFault(c, directives.fault, roles.directive);
      if (override instanceof MockError) throw override;
      const res = await run(c);
      if (override === undefined || res.status < 200 || res.status >= 300) return res;
      return new Response(res.body, { status: override, headers: res.headers });
    };
    route([op.method], op.path, { profile: def.id, operation: op.id }, async (c) => {
      const clientError = c.env?.clientError;
      if (clientError) throw new MockError(roles.invalid, { message: CLIENT_ERROR_MESSAGES[clientError] });
      // Most mocks run without a scenario: one boolean read, and the request is answered as before.
      return scenarios.active ? underScenarios(c) : answer(c);
    });
  }
  for (const extra of def.extraRoutes) {
    route(
      [extra.method],
      extra.path,
      { profile: def.id, operation: extra.operation },
      limited(extra.handle, extra.body),
    );
  }

  // Right path, wrong method: 405 with Allow, as the vendors' frameworks (Spring, FastAPI) answer. A route
  // for each other common method, not one for all: an operation's request then matches its own route only,
  // and the 405 stays when the app is mounted in another with app.route(). Other methods (TRACE, WebDAV's)
  // get it from `unrouted`: a route for every method Node knows would cost a tenth of the cold start.
  const allowed = new Map<string, string[]>();
  for (const { contract: op } of def.operations) {
    allowed.set(op.path, [...(allowed.get(op.path) ?? []), op.method]);
  }
  const methodNotAllowed = (path: string, allow: string) =>
    new MockError(roles.methodNotAllowed, {
      message: `Method not allowed; ${path} accepts ${allow}`,
      headers: { Allow: allow },
    });
  for (const [path, methods] of allowed) {
    const allow = methods.join(', ');
    const others = COMMON_METHODS.filter((m) => !methods.includes(m));
    route(others, path, {}, () => {
      throw methodNotAllowed(path, allow);
    });
  }
  const notFound = guarded((c) => {
    const allow = allowed.get(c.req.path)?.join(', ');
    if (allow !== undefined) throw methodNotAllowed(c.req.path, allow);
    throw new MockError(roles.notFound, { message: `No such endpoint: ${c.req.method} ${c.req.path}` });
  });
  const under = `${def.prefix}/`;
  return {
    id: def.id,
    app,
    targets,
    reset: def.reset ?? (() => {}),
    unrouted(c) {
      const path = c.req.path;
      const ours = allowed.has(path) || path === def.prefix || path.startsWith(under);
      return ours ? frame(c, {}, notFound) : undefined;
    },
  };
}
