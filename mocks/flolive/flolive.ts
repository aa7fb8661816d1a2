import type { ValidateFunction } from '../../schemas/load.js';
import { type BodyErrors, readJson, validateBody } from '../core/body.js';
import { defineProfile } from '../core/define-profile.js';
import { type ErrorSpec, MockError } from '../core/mock-error.js';
import { reply } from '../core/reply.js';
import type { Session } from '../core/session-store.js';
import { SettingsError } from '../core/settings.js';
import { issueAccessToken, signRefreshJwt } from '../core/tokens.js';
import type { MockContext } from '../core/types.js';
import type { User } from '../core/users.js';
import { FLOLIVE_ERRORS } from './errors.js';

/** Assumed behaviours of the floLIVE profile, each overridable with `--set flolive.<key>=<value>`. */
export const FLOLIVE_SETTINGS = {
  /** Documented: `validityTime` is 3600 in every example. */
  accessTtl: 3600,
  /** Assumed: floLIVE does not publish the refresh-token lifetime. */
  refreshTtl: 86_400,
  /**
   * Seconds after a rotation during which the rotated token is refused without revoking its family
   * (RFC 9700 §4.14.2 allows this for a client's own concurrent retries); 0 revokes on any reuse.
   */
  reuseGraceSeconds: 0,
  /**
   * Undocumented whether `token` must be the access token issued with `refreshToken`. When true it
   * must be one the mock signed for the same session (expired or not: a client refreshes because it
   * expired).
   */
  requireTokenPair: true,
  /** HTTP status of an AUTH_1001/AUTH_1002 NAK: undocumented; a server may even answer a NAK with 200. */
  nakStatus: 401,
  /** HTTP status of a NAK for a body that is malformed, incomplete, mistyped, too large or not JSON. */
  malformedStatus: 400,
};

const ISSUER = 'flolive';

/** The catalogue as built at start-up: the NAKs' statuses are settings. */
type FloliveCatalogue = Readonly<Record<keyof typeof FLOLIVE_ERRORS, ErrorSpec>>;

/**
 * floLIVE's security API: one path, POST to create a token pair and PUT to refresh it. Every answer is
 * the floLIVE envelope; a refresh rotates the refresh token ("new refresh token created"), and a
 * rotated one presented again revokes the whole family.
 */
export const FLOLIVE = defineProfile<FloliveBodies, typeof FLOLIVE_SETTINGS, FloliveCatalogue>({
  id: 'flolive',
  prefix: '/api/v2/auth',
  settings: FLOLIVE_SETTINGS,
  build({ services, config }) {
    for (const key of ['nakStatus', 'malformedStatus'] as const) {
      const status = config[key];
      if (!Number.isInteger(status) || (status !== 200 && (status < 400 || status > 599))) {
        throw new SettingsError(`flolive.${key} takes 200 or a status from 400 to 599, got ${status}`);
      }
    }
    const { sessions, users, random, clock } = services;
    const nak = (spec: ErrorSpec): ErrorSpec => ({ ...spec, status: config.nakStatus });
    const malformed = (spec: ErrorSpec): ErrorSpec => ({ ...spec, status: config.malformedStatus });
    // The NAK statuses are settings, so the catalogue is built here: `Prefer: code=` and every throw
    // below then agree with whatever status the NAKs are configured to carry.
    const E = {
      ...FLOLIVE_ERRORS,
      INVALID_CREDENTIALS: nak(FLOLIVE_ERRORS.INVALID_CREDENTIALS),
      INVALID_TOKEN: nak(FLOLIVE_ERRORS.INVALID_TOKEN),
      MISSING_TOKEN: malformed(FLOLIVE_ERRORS.MISSING_TOKEN),
      MALFORMED_JSON: malformed(FLOLIVE_ERRORS.MALFORMED_JSON),
      UNSUPPORTED_MEDIA_TYPE: malformed(FLOLIVE_ERRORS.UNSUPPORTED_MEDIA_TYPE),
      PAYLOAD_TOO_LARGE: malformed(FLOLIVE_ERRORS.PAYLOAD_TOO_LARGE),
      INVALID_REQUEST: malformed(FLOLIVE_ERRORS.INVALID_REQUEST),
    };

    /**
     * The access token each session was last issued, as signed: a refresh normally presents exactly that
     * one, which passes the partner check without a second HMAC and a decode (a third of a refresh's
     * signing work). Any other token is verified in full, so the verdict is the same either way.
     */
    const lastAccess = new WeakMap<Session, string>();

    /** A pair for the session; `stored` is a refresh token a rotation already added to the family. */
    async function issuePair(session: Session, user: User, stored?: string) {
      const access = issueAccessToken(services, session, config.accessTtl, {
        iss: ISSUER,
        customerId: user.id,
      });
      const refreshToken = stored ?? signRefreshJwt(services, session, config.refreshTtl, { iss: ISSUER });
      if (stored === undefined) await sessions.addRefreshToken(session, refreshToken, config.refreshTtl);
      lastAccess.set(session, access.token);
      return { token: access.token, refreshToken, validityTime: access.expiresIn };
    }

    /** Whether `token` is an access token the mock signed for this session; its expiry does not matter. */
    function isPartner(token: string, session: Session): boolean {
      // Signed here for this session with this issuer and no `typ`: what the full check below accepts.
      if (lastAccess.get(session) === token) return true;
      const sessionId = session.id;
      const verdict = services.jwt.verify(token, clock.now());
      const claims = verdict.ok || verdict.reason === 'expired' ? verdict.claims : undefined;
      return claims?.iss === ISSUER && claims.typ !== 'refresh' && claims.sid === sessionId;
    }

    return {
      catalogue: E,
      generic: (status) => ({
        code: `GEN_HTTP_${status}`,
        status,
        message: 'Request failed',
        provenance: 'assumed',
      }),
      // The Failure NAK of floLIVE's "Refresh Token" page: content and pageable are "empty", shown as "".
      envelope: (error) => ({
        errorCode: error.spec.code,
        errorMessage: error.message,
        content: '',
        pageable: '',
      }),
      handlers: {
        async login(c, op) {
          const { username, password } = await readBody(c, op, E.INVALID_REQUEST, 'username and password');
          const user = users.get(username);
          if (!user || user.password !== password) throw new MockError(E.INVALID_CREDENTIALS);
          const session = await sessions.open(random.uuid(), 'flolive', user.username, config.refreshTtl);
          c.set('session', session.id);
          c.set('expiresIn', config.accessTtl);
          return reply(ack({ customerId: user.id, ...(await issuePair(session, user)) }), 200);
        },

        async refresh(c, op) {
          const { token, refreshToken } = await readBody(c, op, E.MISSING_TOKEN, 'token and refreshToken');
          // From here to the rotation nothing awaits: of concurrent refreshes of one token, exactly one
          // sees it active.
          const peek = await sessions.inspect(refreshToken);
          if (peek.status === 'unknown' || peek.session.profile !== 'flolive') {
            c.set('credential', { kind: 'refresh', token: refreshToken, state: 'unknown' });
            throw new MockError(E.INVALID_TOKEN);
          }
          c.set('session', peek.session.id);
          // Checked before rotating, so a client that pairs the wrong access token keeps its refresh token.
          if (config.requireTokenPair && !isPartner(token, peek.session)) {
            c.set('credential', { kind: 'refresh', token: refreshToken, state: 'invalid' });
            throw new MockError(E.INVALID_TOKEN);
          }
          // The successor is signed first and stored by the rotation itself (one step of the store): no
          // failure in between can leave the family rotated with no token to go on with.
          const successor = signRefreshJwt(services, peek.session, config.refreshTtl, { iss: ISSUER });
          const lookup = await sessions.rotate(refreshToken, config.reuseGraceSeconds * 1000, {
            token: successor,
            ttlSeconds: config.refreshTtl,
          });
          c.set('credential', { kind: 'refresh', token: refreshToken, state: lookup.status });
          // floLIVE documents one answer for every bad token: expired, reused and revoked all read AUTH_1002.
          if (lookup.status !== 'active') throw new MockError(E.INVALID_TOKEN);
          const user = users.get(lookup.session.username);
          if (!user) {
            await sessions.revoke(lookup.session.id, 'user-deleted');
            throw new MockError(E.INVALID_TOKEN);
          }
          c.set('expiresIn', config.accessTtl);
          return reply(ack(await issuePair(lookup.session, user, successor)), 200);
        },
      },
    };
  },
});

/**
 * The body as the operation's schema describes it; floLIVE answers an absent or invalid one with one
 * NAK, saying which fields are required.
 */
async function readBody<Body>(
  c: MockContext,
  op: { readonly errors: BodyErrors; readonly validate: ValidateFunction<Body> },
  nak: ErrorSpec,
  required: string,
): Promise<Body> {
  const body = await readJson(c, op.errors);
  if (!body.present) throw new MockError(nak, { message: `${required} are required` });
  return validateBody(op.validate, body.value, nak);
}

/** The Success ACK: one content item, and the paging block floLIVE puts on every answer. */
function ack(item: Record<string, unknown>) {
  return {
    errorCode: '',
    errorMessage: '',
    content: [item],
    pageable: { page: 0, size: 10, totalPages: 1, totalElements: 1 },
  };
}

/** The bodies of floLIVE's operations, as schemas/flolive/openapi.json describes them. */
interface FloliveBodies {
  login: { username: string; password: string };
  /** The access token issued with the refresh token, and the refresh token. */
  refresh: { token: string; refreshToken: string };
}
