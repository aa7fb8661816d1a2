import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { type ParsedBody, readJson, validateBody } from '../core/body.js';
import { MockError } from '../core/mock-error.js';
import {
  createProfileApp,
  type MockContext,
  type MockEnv,
  type ProfileDefinition,
  type ProfileFactoryOptions,
} from '../core/profile.js';
import { NO_STORE } from '../core/reply.js';
import type { Session } from '../core/session-store.js';
import { resolveSettings, SettingsError } from '../core/settings.js';
import { checkAccessToken, issueAccessToken, signRefreshJwt } from '../core/tokens.js';
import type { User } from '../core/users.js';
import { createCookieWriter } from './cookies.js';
import { type DeviceGrant, DeviceGrants } from './device-grants.js';
import { DEVICE_PAGE_PATH, devicePage, isFormPost } from './device-page.js';
import { DREADNODE_ERRORS as E } from './errors.js';
import { createIdentities } from './identities.js';
import { RecentRotations, type Successor } from './recent-rotations.js';

/** Assumed behaviours of the Dreadnode profile, each overridable with `--set dreadnode.<key>=<value>`. */
export const DREADNODE_SETTINGS = {
  /**
   * `auto`: a device code is approved for the first configured user the moment it is polled, so a
   * client logs in without a browser. `manual`: it stays pending (401) until someone approves it on the
   * page at `/account/device`.
   */
  deviceApproval: 'auto',
  /** Assumed: Dreadnode does not publish the device code lifetime; RFC 8628 examples use 15 minutes. */
  deviceCodeTtl: 900,
  /** Assumed: the vendor's client reads `exp` rather than a documented lifetime. */
  accessTtl: 3600,
  /** Assumed: Dreadnode does not publish the refresh-token lifetime; a week, as common session cookies. */
  refreshTtl: 604_800,
  /**
   * Seconds after a rotation during which the rotated token is refused without revoking its family
   * (RFC 9700 §4.14.2 allows this for a client's own concurrent retries); 0 revokes on any reuse.
   */
  reuseGraceSeconds: 0,
  /**
   * Seconds after a rotation during which a request that refreshes through its cookies with the rotated
   * token gets the pair that rotation issued (see mocks/dreadnode/recent-rotations.ts); 0 turns it off.
   */
  concurrentRefreshSeconds: 10,
};

const ISSUER = 'dreadnode';
/** Pending device logins kept at most: a client that starts logins in a loop cannot grow the mock. */
const MAX_DEVICE_CODES = 10_000;
/** Recent rotations remembered at most; beyond it, a flood of refreshes forgets its oldest first. */
const MAX_RECENT_ROTATIONS = 20_000;
/** RFC 8628 §6.1: consonants only, so a user code never spells a word and has no look-alike letters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The Dreadnode platform's token API as its own clients use it: a device login (code, then poll), the
 * user behind a token (`GET /api/user`, what the CLI calls right after logging in), and a rotating
 * refresh token — through the refresh endpoint, or through the cookies of any authenticated request
 * whose access token has expired. A rotated token presented again revokes the whole family.
 */
export function createDreadnodeMock({
  services,
  contract,
  settings = {},
}: ProfileFactoryOptions): Hono<MockEnv> {
  const config = resolveSettings('dreadnode', DREADNODE_SETTINGS, settings);
  if (config.deviceApproval !== 'auto' && config.deviceApproval !== 'manual') {
    throw new SettingsError(
      `dreadnode.deviceApproval takes auto or manual, got ${JSON.stringify(config.deviceApproval)}`,
    );
  }
  const { sessions, users, random, clock } = services;
  const op = (id: string) => {
    const operation = contract.operations.get(id);
    if (!operation) throw new Error(`dreadnode: the contract has no operation ${id}`);
    return operation;
  };
  // The operations, not their validators: those compile on first use, out of the mock's cold start.
  const deviceTokenOp = op('device-token');
  const refreshOp = op('refresh');
  const requestErrors = {
    // FastAPI answers a body that does not parse as a validation error (detail type `json_invalid`).
    malformed: E.VALIDATION_ERROR,
    mediaType: E.INVALID_REQUEST,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.VALIDATION_ERROR,
    directive: E.DIRECTIVE,
  };
  const grants = new DeviceGrants({ max: MAX_DEVICE_CODES, clock });
  const rotations = new RecentRotations({
    windowMs: config.concurrentRefreshSeconds * 1000,
    max: MAX_RECENT_ROTATIONS,
    clock,
  });
  const writeCookies = createCookieWriter({ access: config.accessTtl, refresh: config.refreshTtl });
  const { organizationOf, profileOf } = createIdentities(random.seed);

  /**
   * Signs a token pair for the session and sets both as cookies, as the vendor's client expects. When
   * the pair replaces a rotated refresh token, it is remembered for that token's concurrent requests.
   */
  function issuePair(c: MockContext, session: Session, user: User, rotated?: string) {
    const org = organizationOf(user);
    const access = issueAccessToken(services, session, config.accessTtl, { iss: ISSUER, org: org.key });
    const refresh = signRefreshJwt(services, session, config.refreshTtl, { iss: ISSUER });
    sessions.addRefreshToken(session, refresh, config.refreshTtl);
    writeCookies(c, access.token, refresh);
    if (rotated !== undefined) {
      const now = clock.now();
      rotations.record(rotated, {
        access: access.token,
        refresh,
        accessExpiresAt: now + config.accessTtl * 1000,
        refreshExpiresAt: now + config.refreshTtl * 1000,
        rotatedAt: now,
      });
    }
    return { access, refresh, org };
  }

  /**
   * Rotates a refresh token (look-up and rotation run with no await in between: of concurrent
   * refreshes of one token, exactly one sees it active), or throws the profile's 401 for it.
   */
  function consumeRefreshToken(token: string): { session: Session; user: User } {
    const peek = sessions.inspect(token);
    if (peek.status !== 'unknown' && peek.session.profile !== 'dreadnode') {
      throw new MockError(E.INVALID_REFRESH_TOKEN);
    }
    const lookup = sessions.rotate(token, config.reuseGraceSeconds * 1000);
    if (lookup.status === 'unknown') throw new MockError(E.INVALID_REFRESH_TOKEN);
    if (lookup.status === 'expired') throw new MockError(E.REFRESH_TOKEN_EXPIRED);
    if (lookup.status === 'reused') throw new MockError(E.REFRESH_TOKEN_REUSED);
    if (lookup.status === 'revoked') throw new MockError(E.REFRESH_TOKEN_REVOKED);
    const { session } = lookup;
    const user = users.get(session.username);
    if (!user) {
      sessions.revoke(session.id, 'user-deleted');
      throw new MockError(E.REFRESH_TOKEN_REVOKED, { message: 'The user no longer exists; log in again' });
    }
    return { session, user };
  }

  /**
   * What the vendor's server does for a request whose access token has expired but whose refresh_token
   * cookie is good: it rotates the pair and answers the request (observed: the rotated pair in
   * Set-Cookie). A request carrying a token rotated moments ago is one of a burst sent with the same
   * pair, and gets the same successor (see RecentRotations).
   */
  function refreshThroughCookie(c: MockContext, token: string): User {
    if (sessions.inspect(token).status === 'reused') {
      const successor = rotations.successorOf(token);
      const session = successor && sessions.inspect(successor.refresh);
      const user = session?.status === 'active' ? users.get(session.session.username) : undefined;
      if (successor && user) {
        resendPair(c, successor);
        return user;
      }
    }
    const { session, user } = consumeRefreshToken(token);
    issuePair(c, session, user, token);
    return user;
  }

  function resendPair(c: MockContext, successor: Successor): void {
    const now = clock.now();
    const left = (expiresAt: number) => Math.max(0, Math.floor((expiresAt - now) / 1000));
    writeCookies(c, successor.access, successor.refresh, {
      access: left(successor.accessExpiresAt),
      refresh: left(successor.refreshExpiresAt),
    });
  }

  const definition: ProfileDefinition = {
    extraRoutes: (app, limit) => {
      app.get(DEVICE_PAGE_PATH, showDevicePage);
      app.post(DEVICE_PAGE_PATH, limit, approveOnDevicePage);
    },
    id: 'dreadnode',
    prefix: '/api/auth',
    catalogue: E,
    requestErrors,
    notFound: E.NOT_FOUND,
    methodNotAllowed: E.METHOD_NOT_ALLOWED,
    internal: E.INTERNAL,
    generic: (status) => ({
      code: `http_${status}`,
      status,
      message: `HTTP ${status}`,
      provenance: 'assumed',
    }),
    // `detail` repeats the message: it is the member the vendor's clients print.
    envelope: (error) => ({
      status: error.status,
      message: error.message,
      type: error.spec.code,
      details: error.extra.details ?? null,
      detail: error.message,
    }),
    handlers: {
      'device-code'(c) {
        const deviceCode = random.faker.string.alphanumeric({ length: 40, casing: 'lower' });
        const chars = random.faker.string.fromCharacters(USER_CODE_ALPHABET, 8);
        const grant: DeviceGrant = {
          id: random.uuid(),
          deviceCode,
          userCode: `${chars.slice(0, 4)}-${chars.slice(4)}`,
          expiresAt: clock.now() + config.deviceCodeTtl * 1000,
        };
        grants.add(grant);
        const origin = new URL(c.req.url).origin;
        return c.json(
          {
            id: grant.id,
            completed: false,
            device_code: deviceCode,
            user_code: grant.userCode,
            // The page the vendor's CLI opens itself, so the URL served and the URL opened are one.
            verification_url: `${origin}${DEVICE_PAGE_PATH}?code=${grant.userCode}`,
            expires_at: new Date(grant.expiresAt).toISOString(),
            expires_in: config.deviceCodeTtl,
          },
          200,
          NO_STORE,
        );
      },

      async 'device-token'(c) {
        let body: ParsedBody;
        try {
          body = await readJson(c, requestErrors);
        } catch (error) {
          // FastAPI answers a body that is not JSON as a model validation error, not with its 400.
          if (!(error instanceof MockError) || error.spec !== E.INVALID_REQUEST) throw error;
          throw new MockError(E.VALIDATION_ERROR, {
            message: error.message,
            details: [
              {
                loc: ['body'],
                msg: 'Input should be a valid dictionary or object to extract fields from',
                type: 'model_attributes_type',
              },
            ],
          });
        }
        // An empty body is an object without device_code, reported like any other missing field.
        const value = body.present ? body.value : {};
        validateBody(deviceTokenOp.validateRequest, value, E.VALIDATION_ERROR);
        const grant = grants.byDeviceCode((value as { device_code: string }).device_code);
        if (!grant) throw new MockError(E.INVALID_DEVICE_CODE);
        if (grant.expiresAt <= clock.now()) {
          grants.delete(grant);
          throw new MockError(E.EXPIRED_DEVICE_CODE);
        }
        if (grant.approvedBy === undefined && config.deviceApproval === 'auto') {
          grant.approvedBy = users.first()?.username;
        }
        if (grant.approvedBy === undefined) throw new MockError(E.AUTHORIZATION_PENDING);
        // A device code is exchanged once: a second poll with it must not mint a second session.
        grants.delete(grant);
        const user = users.get(grant.approvedBy);
        if (!user) {
          throw new MockError(E.AUTHENTICATION_FAILED, { message: 'The approving user no longer exists' });
        }
        const session = sessions.open(random.uuid(), 'dreadnode', user.username, config.refreshTtl);
        const { access, refresh } = issuePair(c, session, user);
        return c.json({ access_token: access.token, refresh_token: refresh }, 200, NO_STORE);
      },

      async refresh(c) {
        const body = await readJson(c, requestErrors);
        if (body.present) validateBody(refreshOp.validateRequest, body.value, E.VALIDATION_ERROR);
        const fromBody = body.present
          ? (body.value as { refresh_token?: string | null }).refresh_token
          : null;
        // The body wins over the cookie: a client that sends one in the body means that one.
        const token = fromBody || getCookie(c, 'refresh_token');
        if (!token) throw new MockError(E.NOT_AUTHENTICATED);
        const { session, user } = consumeRefreshToken(token);
        const { access, refresh, org } = issuePair(c, session, user, token);
        return c.json(
          {
            access_token: access.token,
            refresh_token: refresh,
            token_type: 'bearer',
            expires_in: access.expiresIn,
            organization: org,
          },
          200,
          NO_STORE,
        );
      },

      user(c) {
        const authorization = c.req.header('authorization');
        const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
        // The bearer wins over the cookie, as an explicit header does in the vendor's older client.
        const check = checkAccessToken(services, bearer ?? getCookie(c, 'access_token'), ISSUER);
        let user: User | undefined;
        if (check.ok) {
          user = users.get(check.session.username);
          if (!user) throw new MockError(E.INVALID_ACCESS_TOKEN, { message: 'The user no longer exists' });
          return new Response(profileOf(user), {
            status: 200,
            headers: { 'Content-Type': 'application/json', ...NO_STORE },
          });
        }
        // Only a token that is absent (a browser drops the cookie at its Max-Age) or past its `exp` is a
        // reason to refresh; a forged or revoked one is refused whatever cookie comes with it.
        if (check.reason === 'revoked') {
          throw new MockError(E.INVALID_ACCESS_TOKEN, {
            message: 'Access token has been revoked; log in again',
          });
        }
        if (check.reason !== 'missing' && check.reason !== 'expired')
          throw new MockError(E.INVALID_ACCESS_TOKEN);
        const refreshToken = getCookie(c, 'refresh_token');
        if (!refreshToken) {
          throw new MockError(check.reason === 'missing' ? E.USER_NOT_AUTHENTICATED : E.ACCESS_TOKEN_EXPIRED);
        }
        user = refreshThroughCookie(c, refreshToken);
        // c.body, not a bare Response: it carries the Set-Cookie lines written above.
        return c.body(profileOf(user), 200, { 'Content-Type': 'application/json', ...NO_STORE });
      },
    },
  };

  /** The approval page: a form for a code, or the confirmation for the code in the URL. */
  function showDevicePage(c: MockContext): Response {
    c.set('profile', 'dreadnode');
    c.set('operation', 'device-page');
    const code = c.req.query('code')?.trim();
    if (!code) return devicePage({ kind: 'enter' });
    const grant = grants.byUserCode(code);
    if (!grant) return devicePage({ kind: 'unknown', userCode: code });
    if (grant.approvedBy !== undefined) {
      return devicePage({ kind: 'approved', userCode: grant.userCode, approver: grant.approvedBy });
    }
    const approver = users.first();
    if (!approver) return devicePage({ kind: 'no-approver' });
    return devicePage({ kind: 'confirm', userCode: grant.userCode, approver: approver.username });
  }

  /** The page's form: approves the pending login as the first configured user. */
  async function approveOnDevicePage(c: MockContext): Promise<Response> {
    c.set('profile', 'dreadnode');
    c.set('operation', 'device-page');
    if (!isFormPost(c.req.header('content-type'))) return devicePage({ kind: 'media-type' });
    const code = new URLSearchParams(await c.req.text()).get('code')?.trim();
    if (!code) return devicePage({ kind: 'missing' });
    const grant = grants.byUserCode(code);
    if (!grant) return devicePage({ kind: 'unknown', userCode: code });
    const approver = grant.approvedBy ?? users.first()?.username;
    if (approver === undefined) return devicePage({ kind: 'no-approver' });
    grant.approvedBy = approver;
    return devicePage({ kind: 'approved', userCode: grant.userCode, approver });
  }

  return createProfileApp(definition, contract, services);
}
