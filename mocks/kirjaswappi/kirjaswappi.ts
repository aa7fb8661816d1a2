import type { Hono, MiddlewareHandler } from 'hono';
import { type ParsedBody, readJson } from '../core/body.js';
import type { JwtVerdict } from '../core/jwt.js';
import { type ErrorSpec, MockError } from '../core/mock-error.js';
import {
  createProfileApp,
  type MockContext,
  type MockEnv,
  type ProfileDefinition,
  type ProfileFactoryOptions,
  reason,
} from '../core/profile.js';
import { NO_STORE, reply } from '../core/reply.js';
import type { RefreshLookup } from '../core/session-store.js';
import { resolveSettings } from '../core/settings.js';
import { KIRJASWAPPI_ERRORS as E, SPRING_DEFAULT_ERRORS as SPRING, UNTARGETED } from './errors.js';

/** Assumed behaviours of the KirjaSwappi profile, each overridable with `--set kirjaswappi.<key>=<value>`. */
export const KIRJASWAPPI_SETTINGS = {
  /** The access JWT lives 5 minutes (jwt.expiration in the vendor's application-cloud.yaml). */
  accessTtl: 300,
  /** The refresh JWT lives 7 days and is reusable until then (JwtUtil's refresh-expiration default). */
  refreshTtl: 604_800,
};

const PREFIX = '/api/v1/authenticate';
/** The vendor's JwtUtil puts the admin's role in both tokens, and `jwtToken: true|false` to tell them apart. */
const ROLE = 'ADMIN';
/** What Spring's JSON converter reads: the Accept-Post of its 415 (framework-415 quirk). */
const SPRING_JSON_TYPES = 'application/json, application/*+json';

/**
 * The claims of KirjaSwappi's tokens, as its JwtUtil writes them: no `sid`, no `typ`, and no `jti` in
 * the access token (so two access tokens signed in one second are identical, as the vendor's are).
 */
interface VendorClaims {
  [claim: string]: unknown;
  role: string;
  jwtToken: boolean;
  /** Only the refresh token has one (JwtUtil.createRefreshToken sets `.id(UUID)`). */
  jti?: string;
  sub: string;
  iat: number;
  exp: number;
}

/**
 * Why a refresh token the signature and expiry let through is still refused: the store is the mock's
 * addition (the vendor keeps no state), so an admin can revoke a session and a reset forgets every token.
 */
const LOOKUP_PROBLEMS: Readonly<Record<Exclude<RefreshLookup['status'], 'active'>, string>> = {
  unknown: 'The refresh token is not recognised.',
  expired: 'The refresh token has expired.',
  revoked: 'The refresh token has been revoked.',
  // Nothing rotates KirjaSwappi's refresh tokens, so a reuse cannot be detected; listed for completeness.
  reused: 'The refresh token has been revoked.',
};

/** jjwt's messages for a token it cannot parse, as the vendor's bearer filter repeats them in `details`. */
function jjwtMessage(verdict: Extract<JwtVerdict, { ok: false }>, token: string, nowMs: number): string {
  if (verdict.reason === 'expired' && verdict.claims) {
    const expiry = verdict.claims.exp * 1000;
    return `JWT expired ${nowMs - expiry} milliseconds ago at ${new Date(expiry).toISOString()}. Current time: ${new Date(nowMs).toISOString()}. Allowed clock skew: 0 milliseconds.`;
  }
  if (verdict.reason === 'bad-signature') {
    return 'JWT signature does not match locally computed signature. JWT validity cannot be asserted and should not be trusted.';
  }
  const periods = token.split('.').length - 1;
  return periods === 2
    ? 'Malformed JWT JSON: the header or payload is not a JSON object.'
    : `Invalid compact JWT string: Compact JWSs must contain exactly 2 period characters, and compact JWEs must contain exactly 4.  Found: ${periods}`;
}

/** `Too Many Requests` → `tooManyRequests`, the style of the vendor's message keys. */
function camelCase(phrase: string): string {
  const words = phrase
    .replace(/[^A-Za-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/**
 * KirjaSwappi admin authentication: an HS256 access JWT and an HS256 refresh JWT, the refresh token
 * reusable until it expires (no rotation); refresh answers a new access token only. Three of the
 * vendor's observed quirks can be switched on (mocks/kirjaswappi/quirks.ts); the fourth,
 * `cors-allowlist`, lives in the app's CORS layer.
 */
export function createKirjaswappiMock({
  services,
  contract,
  settings = {},
}: ProfileFactoryOptions): Hono<MockEnv> {
  const config = resolveSettings('kirjaswappi', KIRJASWAPPI_SETTINGS, settings);
  const { sessions, users, random, clock, jwt } = services;
  const quirks = {
    malformedToken500: services.quirks.flag('kirjaswappi', 'malformed-token-500'),
    framework415: services.quirks.flag('kirjaswappi', 'framework-415'),
    staleBearer401: services.quirks.flag('kirjaswappi', 'stale-bearer-401'),
  };
  const operationAt = new Map<string, string>();
  for (const op of contract.operations.values()) operationAt.set(`${op.method} ${op.path}`, op.id);
  const requestErrors = {
    malformed: E.INVALID_JSON_PAYLOAD,
    mediaType: E.UNSUPPORTED_CONTENT_TYPE,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.INVALID_ARGUMENT,
    directive: E.DIRECTIVE,
  };

  /**
   * The JSON body bound to the vendor's request class as Jackson binds it: String fields take strings
   * and coerce numbers and booleans; null and absent fields are null; an object or array where a string
   * belongs, or a body that is not an object, fails to bind (the vendor's invalidJsonPayload).
   */
  async function bind(
    c: MockContext,
    fields: readonly string[],
  ): Promise<Record<string, string | undefined>> {
    let body: ParsedBody;
    try {
      body = await readJson(c, requestErrors);
    } catch (error) {
      if (!(error instanceof MockError)) throw error;
      // The vendor's handler answers every unreadable body with one fixed message and nothing else;
      // the parser's own message would quote the body, a refresh token included.
      if (error.spec === E.INVALID_JSON_PAYLOAD) throw new MockError(E.INVALID_JSON_PAYLOAD);
      if (error.spec === E.UNSUPPORTED_CONTENT_TYPE && quirks.framework415.on) {
        throw new MockError(SPRING.UNSUPPORTED_MEDIA_TYPE, { headers: { 'Accept-Post': SPRING_JSON_TYPES } });
      }
      throw error;
    }
    // @RequestBody is required: Spring refuses a missing body as unreadable.
    if (!body.present) throw new MockError(E.INVALID_JSON_PAYLOAD);
    const value = body.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new MockError(E.INVALID_JSON_PAYLOAD);
    }
    const bound: Record<string, string | undefined> = {};
    for (const field of fields) {
      const raw: unknown = (value as Record<string, unknown>)[field];
      if (raw === undefined || raw === null) bound[field] = undefined;
      else if (typeof raw === 'string') bound[field] = raw;
      else if (typeof raw === 'number' || typeof raw === 'boolean') bound[field] = String(raw);
      else throw new MockError(E.INVALID_JSON_PAYLOAD);
    }
    return bound;
  }

  /** Signs the vendor's claims as they are: no `jti` on access tokens, nothing of the mock's own. */
  function sign(claims: VendorClaims): string {
    return jwt.sign(claims);
  }

  function accessToken(username: string): string {
    const iat = Math.floor(clock.now() / 1000);
    return sign({ role: ROLE, jwtToken: true, sub: username, iat, exp: iat + config.accessTtl });
  }

  function userNotFound(username: string): MockError {
    return new MockError(E.USER_NOT_FOUND, { message: `User ${username} does not exist.` });
  }

  /**
   * A refresh token jjwt refuses while parsing: the vendor answers 500 (quirk malformed-token-500).
   * Here, what is not a JWT at all is not a refresh token (400 invalidRefreshToken); a JWT that is
   * expired or wrongly signed is an invalid one (401 invalidJwtToken, the reason in `details`).
   */
  function unparseable(verdict: Extract<JwtVerdict, { ok: false }>, token: string, now: number): MockError {
    if (quirks.malformedToken500.on) return new MockError(SPRING.INTERNAL_SERVER_ERROR);
    if (verdict.reason === 'malformed') return new MockError(E.INVALID_REFRESH_TOKEN);
    return new MockError(E.INVALID_JWT_TOKEN, {
      details: [{ loc: [], msg: jjwtMessage(verdict, token, now), type: E.INVALID_JWT_TOKEN.code }],
    });
  }

  /** Why a bearer token would not get past the vendor's FilterApiRequest, or undefined if it would. */
  function bearerProblem(token: string): string | undefined {
    const now = clock.now();
    const verdict = jwt.verify(token, now);
    if (!verdict.ok) return jjwtMessage(verdict, token, now);
    const { claims } = verdict;
    if (claims.jwtToken !== true || !users.get(claims.sub)) return 'Invalid or expired admin token';
    return undefined;
  }

  // FilterApiRequest runs before Spring dispatches: it sees every request, whatever its method or path.
  const staleBearer: MiddlewareHandler<MockEnv> = async (c, next) => {
    if (!quirks.staleBearer401.on) return next();
    const header = c.req.header('authorization');
    // The filter only looks at `Bearer <token>`; an empty token makes jjwt throw past the filter's
    // catch, a path the mock does not reproduce.
    if (header === undefined || !header.startsWith('Bearer ') || header.length === 7) return next();
    const problem = bearerProblem(header.slice(7));
    if (problem === undefined) return next();
    c.set('profile', 'kirjaswappi');
    const operation = operationAt.get(`${c.req.method} ${c.req.path}`);
    if (operation) c.set('operation', operation);
    // The filter writes errorResponse.error(): the inner object, without the {error: …} wrapper.
    const code = E.INVALID_JWT_TOKEN.code;
    return reply(
      {
        code,
        message: E.INVALID_JWT_TOKEN.message,
        target: c.req.path,
        details: [{ code, message: problem, target: c.req.path }],
      },
      401,
      NO_STORE,
    );
  };

  const definition: ProfileDefinition = {
    id: 'kirjaswappi',
    prefix: PREFIX,
    catalogue: E,
    requestErrors,
    notFound: E.PATH_NOT_FOUND,
    methodNotAllowed: E.METHOD_NOT_ALLOWED,
    internal: E.INTERNAL,
    generic: (status) => ({
      code: camelCase(reason(status)),
      status,
      message: `${reason(status)}.`,
      provenance: 'assumed',
    }),
    // The vendor's ErrorResponse: `target` is the request path (ErrorUtils), absent where a handler
    // builds the error itself; null members are left out (@JsonInclude NON_NULL), so are empty details.
    envelope: (error, _random, path) => {
      const spec: ErrorSpec = error.spec;
      if (spec === SPRING.UNSUPPORTED_MEDIA_TYPE || spec === SPRING.INTERNAL_SERVER_ERROR) {
        // Spring Boot's DefaultErrorAttributes, with the vendor's include-message: never.
        return {
          timestamp: new Date(clock.now()).toISOString().replace('Z', '+00:00'),
          status: error.status,
          error: reason(error.status),
          path,
        };
      }
      const details = error.extra.details ?? [];
      return {
        error: {
          code: spec.code,
          message: error.message,
          ...(UNTARGETED.has(spec) ? {} : { target: path }),
          ...(details.length === 0
            ? {}
            : { details: details.map((d) => ({ code: d.type, message: d.msg, target: path })) }),
        },
      };
    },
    beforeRouting: staleBearer,
    handlers: {
      async login(c) {
        const { username, password } = await bind(c, ['username', 'password']);
        // AuthenticationRequest.validateProperties, then toEntity's lowercasing, then AdminUserService.
        if (username === undefined || username.trim() === '') throw new MockError(E.USERNAME_BLANK);
        if (password === undefined || password.trim() === '') throw new MockError(E.PASSWORD_BLANK);
        const name = username.toLowerCase();
        const user = users.get(name);
        if (!user) throw userNotFound(name);
        if (user.password !== password) throw new MockError(E.INVALID_CREDENTIALS);
        // The session is the mock's: it lets an admin revoke the login and a deleted user's tokens die.
        const session = sessions.open(random.uuid(), 'kirjaswappi', user.username, config.refreshTtl);
        const iat = Math.floor(clock.now() / 1000);
        const refreshToken = sign({
          role: ROLE,
          jwtToken: false,
          jti: random.uuid(),
          sub: user.username,
          iat,
          exp: iat + config.refreshTtl,
        });
        sessions.addRefreshToken(session, refreshToken, config.refreshTtl);
        return reply({ jwtToken: accessToken(user.username), refreshToken }, 200);
      },

      async refresh(c) {
        const { refreshToken } = await bind(c, ['refreshToken']);
        // jjwt refuses a null or blank string with IllegalArgumentException: the vendor's invalidArgument.
        if (refreshToken === undefined || refreshToken.trim() === '') throw new MockError(E.INVALID_ARGUMENT);
        // The vendor's order (AuthService.verifyRefreshToken): parse, find the user, then the token type;
        // the store, the mock's addition, comes last.
        const now = clock.now();
        const verdict = jwt.verify(refreshToken, now, { issuedHere: sessions.holds(refreshToken) });
        if (!verdict.ok) throw unparseable(verdict, refreshToken, now);
        const { claims } = verdict;
        // Every profile's tokens share the mock's one signing key; KirjaSwappi's own server would reject
        // another service's token (none carries its boolean jwtToken claim) at its signature.
        if (typeof claims.jwtToken !== 'boolean')
          throw unparseable({ ok: false, reason: 'bad-signature' }, refreshToken, now);
        if (!users.get(claims.sub)) throw userNotFound(claims.sub);
        if (claims.jwtToken) throw new MockError(E.INVALID_REFRESH_TOKEN);
        // No rotation: inspect, never rotate, so the same refresh token keeps working until it expires.
        const lookup = sessions.inspect(refreshToken);
        if (lookup.status !== 'active') {
          throw new MockError(E.INVALID_JWT_TOKEN, {
            details: [{ loc: [], msg: LOOKUP_PROBLEMS[lookup.status], type: E.INVALID_JWT_TOKEN.code }],
          });
        }
        return reply({ jwtToken: accessToken(lookup.session.username) }, 200);
      },
    },
  };

  return createProfileApp(definition, contract, services);
}
