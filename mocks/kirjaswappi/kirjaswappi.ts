import { defineProfile } from '../core/define-profile.js';
import type { JwtVerdict } from '../core/jwt.js';
import { MockError } from '../core/mock-error.js';
import { reply } from '../core/reply.js';
import type { RefreshLookup } from '../core/session-store.js';
import { createBearerFilter } from './bearer-filter.js';
import { bind } from './bind.js';
import { kirjaswappiEnvelope, kirjaswappiGeneric } from './envelope.js';
import { KIRJASWAPPI_ERRORS as E, SPRING_DEFAULT_ERRORS as SPRING } from './errors.js';
import { jjwtMessage, type VendorClaims } from './jjwt.js';
import { KIRJASWAPPI_PRODUCTION_ORIGINS, KIRJASWAPPI_QUIRKS } from './quirks.js';

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

/**
 * KirjaSwappi admin authentication: an HS256 access JWT and an HS256 refresh JWT, the refresh token
 * reusable until it expires (no rotation); refresh answers a new access token only. Three of the
 * vendor's observed quirks can be switched on (mocks/kirjaswappi/quirks.ts); the fourth,
 * `cors-allowlist`, lives in the app's CORS layer.
 */
export const KIRJASWAPPI = defineProfile<KirjaswappiBodies, typeof KIRJASWAPPI_SETTINGS, typeof E>({
  id: 'kirjaswappi',
  prefix: PREFIX,
  settings: KIRJASWAPPI_SETTINGS,
  quirks: KIRJASWAPPI_QUIRKS,
  corsAllowList: { quirk: 'cors-allowlist', prefix: PREFIX, origins: KIRJASWAPPI_PRODUCTION_ORIGINS },
  build({ services, contract, config }) {
    const { sessions, users, random, clock, jwt } = services;
    const malformedToken500 = services.quirks.flag('kirjaswappi', 'malformed-token-500');
    const framework415 = services.quirks.flag('kirjaswappi', 'framework-415');

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
      if (malformedToken500.on) return new MockError(SPRING.INTERNAL_SERVER_ERROR);
      if (verdict.reason === 'malformed') return new MockError(E.INVALID_REFRESH_TOKEN);
      return new MockError(E.INVALID_JWT_TOKEN, {
        details: [{ loc: [], msg: jjwtMessage(verdict, token, now), type: E.INVALID_JWT_TOKEN.code }],
      });
    }

    return {
      catalogue: E,
      roles: {
        malformed: E.INVALID_JSON_PAYLOAD,
        mediaType: E.UNSUPPORTED_CONTENT_TYPE,
        invalid: E.INVALID_ARGUMENT,
        notFound: E.PATH_NOT_FOUND,
      },
      generic: kirjaswappiGeneric,
      envelope: kirjaswappiEnvelope(clock),
      before: createBearerFilter(services, contract, services.quirks.flag('kirjaswappi', 'stale-bearer-401')),
      handlers: {
        async login(c, op) {
          const { username, password } = await bind(c, op.errors, framework415, ['username', 'password']);
          // AuthenticationRequest.validateProperties, then toEntity's lowercasing, then AdminUserService.
          if (username === undefined || username.trim() === '') throw new MockError(E.USERNAME_BLANK);
          if (password === undefined || password.trim() === '') throw new MockError(E.PASSWORD_BLANK);
          const name = username.toLowerCase();
          const user = users.get(name);
          if (!user) throw userNotFound(name);
          if (user.password !== password) throw new MockError(E.INVALID_CREDENTIALS);
          // The session is the mock's: it lets an admin revoke the login and a deleted user's tokens die.
          const session = await sessions.open(random.uuid(), 'kirjaswappi', user.username, config.refreshTtl);
          c.set('session', session.id);
          c.set('expiresIn', config.accessTtl);
          const iat = Math.floor(clock.now() / 1000);
          const refreshToken = sign({
            role: ROLE,
            jwtToken: false,
            jti: random.uuid(),
            sub: user.username,
            iat,
            exp: iat + config.refreshTtl,
          });
          await sessions.addRefreshToken(session, refreshToken, config.refreshTtl);
          return reply({ jwtToken: accessToken(user.username), refreshToken }, 200);
        },

        async refresh(c, op) {
          const { refreshToken } = await bind(c, op.errors, framework415, ['refreshToken']);
          // jjwt refuses a null or blank string with IllegalArgumentException: the vendor's invalidArgument.
          if (refreshToken === undefined || refreshToken.trim() === '')
            throw new MockError(E.INVALID_ARGUMENT);
          // The vendor's order (AuthService.verifyRefreshToken): parse, find the user, then the token type;
          // the store, the mock's addition, comes last.
          const now = clock.now();
          const verdict = jwt.verify(refreshToken, now, { issuedHere: await sessions.holds(refreshToken) });
          if (!verdict.ok) {
            const state = verdict.reason === 'expired' ? 'expired' : 'invalid';
            c.set('credential', { kind: 'refresh', token: refreshToken, state });
            throw unparseable(verdict, refreshToken, now);
          }
          const { claims } = verdict;
          // Every profile's tokens share the mock's one signing key; KirjaSwappi's own server would reject
          // another service's token (none carries its boolean jwtToken claim) at its signature.
          // Anything refused before the store's look-up is a token the client cannot use again.
          c.set('credential', { kind: 'refresh', token: refreshToken, state: 'invalid' });
          if (typeof claims.jwtToken !== 'boolean')
            throw unparseable({ ok: false, reason: 'bad-signature' }, refreshToken, now);
          if (!users.get(claims.sub)) throw userNotFound(claims.sub);
          if (claims.jwtToken) throw new MockError(E.INVALID_REFRESH_TOKEN);
          // No rotation: inspect, never rotate, so the same refresh token keeps working until it expires.
          const lookup = await sessions.inspect(refreshToken);
          if (lookup.status !== 'unknown') c.set('session', lookup.session.id);
          c.set('credential', { kind: 'refresh', token: refreshToken, state: lookup.status });
          if (lookup.status !== 'active') {
            throw new MockError(E.INVALID_JWT_TOKEN, {
              details: [{ loc: [], msg: LOOKUP_PROBLEMS[lookup.status], type: E.INVALID_JWT_TOKEN.code }],
            });
          }
          c.set('expiresIn', config.accessTtl);
          return reply({ jwtToken: accessToken(lookup.session.username) }, 200);
        },
      },
    };
  },
});

/** Both operations bind their body themselves, as Jackson does, rather than by the schema. */
interface KirjaswappiBodies {
  login: { username?: unknown; password?: unknown };
  refresh: { refreshToken?: unknown };
}
