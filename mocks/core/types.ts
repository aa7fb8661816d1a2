import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Scenarios } from '../scenarios/scenarios.js';
import type { ClientErrorKind } from './client-error.js';
import type { Clock } from './clock.js';
import type { Forced } from './directives.js';
import type { FaultRules } from './fault-rules.js';
import type { JwtSigner } from './jwt.js';
import type { NamespaceRefusal } from './namespace.js';
import type { Quirks } from './quirks.js';
import type { Random } from './random.js';
import type { RedisScripts } from './redis-scripts.js';
import type { SessionStore } from './session-store.js';
import type { UserDirectory } from './users.js';

/**
 * Hono environment of the mock: node bindings when served over a socket, absent under app.request().
 * `clientError` is set only by mocks/server.ts, for a request Node's parser refused (oversized headers,
 * a stalled client): bindings cannot come from the wire, so no client can forge it. `namespaceRefusal`
 * likewise, only by mocks/app.ts, for a request whose namespace cannot be served.
 */
export type MockEnv = {
  Bindings: Partial<HttpBindings> & { clientError?: ClientErrorKind; namespaceRefusal?: NamespaceRefusal };
  Variables: {
    /** Set by a step that answers for a profile outside its operations' routes (a bearer filter). */
    profile?: string;
    operation?: string;
    fault?: string;
    /**
     * The session (token family) the request touched: set by a profile where it opens or finds one, so
     * the journal can say whose request it was (`POST /__admin/verify` matches on it).
     */
    session?: string;
    /**
     * The token the request presented and what the profile found it to be, for the client findings
     * (mocks/findings/): set where the profile looks the token up, so it costs no second look-up.
     */
    credential?: PresentedCredential;
    /** Lifetime in seconds of the access token this answer issued (a login's or a refresh's). */
    expiresIn?: number;
    /** Set where a directive or a fault rule decides the answer (mocks/core/resolve-directives.ts). */
    forced?: Forced;
    /** A body the body limit had to read itself (chunked, or in-process); see mocks/core/body-limit.ts. */
    bodyText?: string;
  };
};

export type MockContext = Context<MockEnv>;

/** What a profile found a presented token to be when it looked it up. */
export type CredentialState = 'active' | 'expired' | 'revoked' | 'reused' | 'unknown' | 'invalid';

/** A token a request presented: an access token, or a refresh token (Oracle refreshes with the former). */
export interface PresentedCredential {
  readonly kind: 'access' | 'refresh';
  /** As sent: held in memory so the client findings can tell one token from another; never shown. */
  readonly token: string;
  readonly state: CredentialState;
}

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
  /** Named presets over faults and settings (`--scenario`); a profile reads `active` per request. */
  readonly scenarios: Scenarios;
  readonly maxBodyBytes: number;
  /**
   * The path prefix that reaches this world without the Tokenrig-Namespace header: `''` for the mock's
   * own, `/__ns/<name>` for a namespace's. Put in front of the URLs a browser is sent to (a device page).
   */
  readonly basePath: string;
  readonly logError: (error: unknown) => void;
  /**
   * The store this world shares with the mock's other processes, when there is one (`--store`): where
   * a profile keeps what another process must see, its keys under `base`.
   */
  readonly shared?: SharedStore;
}

export interface SharedStore {
  readonly scripts: RedisScripts;
  /** What this world's keys start with (mocks/core/shared-control.ts, worldBase). */
  readonly base: string;
}

/** What the journal and the log line say a request was for; fixed per route, known at start-up. */
export interface RouteInfo {
  readonly profile?: string;
  readonly operation?: string;
}

/**
 * What every request passes through exactly once, around its answer: timing, the log line, the journal
 * and CORS (mocks/app.ts builds it). A profile's routes call it themselves, so a request is one handler.
 */
export type RequestFrame = (
  c: MockContext,
  info: RouteInfo,
  answer: (c: MockContext) => Promise<Response> | Response,
) => Promise<Response>;

/** The frame of a profile app mounted on its own: nothing around the answer. */
export const BARE_FRAME: RequestFrame = async (c, _info, answer) => answer(c);
