import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type ParsedBody, readJson, validateBody } from '../core/body.js';
import { MockError } from '../core/mock-error.js';
import {
  createProfileApp,
  type MockContext,
  type MockEnv,
  type ProfileDefinition,
  type ProfileFactoryOptions,
} from '../core/profile.js';
import { createFaker } from '../core/random.js';
import { NO_STORE } from '../core/reply.js';
import type { Session } from '../core/session-store.js';
import { resolveSettings, SettingsError } from '../core/settings.js';
import { issueAccessToken, signRefreshJwt } from '../core/tokens.js';
import type { User } from '../core/users.js';
import { DREADNODE_ERRORS as E } from './errors.js';

/** Assumed behaviours of the Dreadnode profile, each overridable with `--set dreadnode.<key>=<value>`. */
export const DREADNODE_SETTINGS = {
  /**
   * `auto`: a device code is approved for the first configured user the moment it is polled, so a
   * client logs in without a browser. `manual`: it stays pending (401) until someone opens its
   * verification URL.
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
};

const ISSUER = 'dreadnode';
const VERIFY_PATH = '/api/auth/device/verify';
/** Pending device logins kept at most: a client that starts logins in a loop cannot grow the mock. */
const MAX_DEVICE_CODES = 10_000;
/** RFC 8628 §6.1: consonants only, so a user code never spells a word and has no look-alike letters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

interface DeviceGrant {
  readonly id: string;
  readonly userCode: string;
  readonly expiresAt: number;
  approvedBy?: string;
}

interface Organization {
  readonly id: string;
  readonly name: string;
  readonly key: string;
}

/**
 * The Dreadnode platform's token API: a device login (code, then poll) and a cookie-or-body refresh
 * that rotates the refresh token, revoking the whole family when a rotated one comes back.
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
  const op = (id: string) => contract.operations.get(id);
  const requestErrors = {
    // FastAPI answers a body that does not parse as a validation error (detail type `json_invalid`).
    malformed: E.VALIDATION_ERROR,
    mediaType: E.INVALID_REQUEST,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.VALIDATION_ERROR,
    directive: E.DIRECTIVE,
  };
  // Insertion order is expiry order (one TTL for all), so pruning stops at the first live grant.
  const grants = new Map<string, DeviceGrant>();
  // Drawing organizations from the shared faker would give a user a new one on every refresh; a faker
  // reseeded from the run's seed and the user's id gives each user one organization, replayably.
  const orgFaker = createFaker(0);

  // Reseeding a faker costs more than the rest of a refresh: each user's organization is made once.
  const organizations = new Map<string, Organization>();
  function organizationOf(user: User): Organization {
    const known = organizations.get(user.id);
    if (known) return known;
    const digest = createHash('sha256').update(`${random.seed}:${user.id}`).digest();
    orgFaker.seed([digest.readUInt32BE(0), digest.readUInt32BE(4)]);
    const name = orgFaker.company.name();
    const key = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const organization = { id: orgFaker.string.uuid(), name, key };
    // Bounded by the users, who only come from the command line and the admin API.
    organizations.set(user.id, organization);
    return organization;
  }

  function pruneGrants(): void {
    const now = clock.now();
    for (const [code, grant] of grants) {
      if (grant.expiresAt > now && grants.size < MAX_DEVICE_CODES) break;
      grants.delete(code);
    }
  }

  /** Signs a token pair for the session and sets both as cookies, as the vendor's client expects. */
  function issuePair(c: MockContext, session: Session, user: User) {
    const org = organizationOf(user);
    const access = issueAccessToken(services, session, config.accessTtl, { iss: ISSUER, org: org.key });
    const refresh = signRefreshJwt(services, session, config.refreshTtl, { iss: ISSUER });
    sessions.addRefreshToken(session, refresh, config.refreshTtl);
    setCookie(c, 'access_token', access.token, {
      httpOnly: true,
      path: '/',
      sameSite: 'Lax',
      maxAge: config.accessTtl,
    });
    // Scoped to the auth routes: the refresh token has no business travelling with every API call.
    setCookie(c, 'refresh_token', refresh, {
      httpOnly: true,
      path: '/api/auth',
      sameSite: 'Lax',
      maxAge: config.refreshTtl,
    });
    return { access, refresh, org };
  }

  const definition: ProfileDefinition = {
    // The verification_url a user opens to approve a device code: not part of the documented API.
    extraRoutes: (app, limit) => {
      app.on(['GET', 'POST'], VERIFY_PATH, limit, verify);
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
    envelope: (error) => ({
      status: error.status,
      message: error.message,
      type: error.spec.code,
      details: error.extra.details ?? null,
    }),
    handlers: {
      'device-code'(c) {
        pruneGrants();
        const now = clock.now();
        const deviceCode = random.faker.string.alphanumeric({ length: 40, casing: 'lower' });
        const chars = random.faker.string.fromCharacters(USER_CODE_ALPHABET, 8);
        const grant: DeviceGrant = {
          id: random.uuid(),
          userCode: `${chars.slice(0, 4)}-${chars.slice(4)}`,
          expiresAt: now + config.deviceCodeTtl * 1000,
        };
        grants.set(deviceCode, grant);
        const origin = new URL(c.req.url).origin;
        return c.json(
          {
            id: grant.id,
            completed: false,
            device_code: deviceCode,
            user_code: grant.userCode,
            verification_url: `${origin}${VERIFY_PATH}?user_code=${grant.userCode}`,
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
          // device-token documents no 400: FastAPI answers a non-JSON body as a model validation error.
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
        validateBody(op('device-token')?.validateRequest, value, E.VALIDATION_ERROR);
        const deviceCode = (value as { device_code: string }).device_code;
        const grant = grants.get(deviceCode);
        if (!grant) throw new MockError(E.INVALID_DEVICE_CODE);
        if (grant.expiresAt <= clock.now()) {
          grants.delete(deviceCode);
          throw new MockError(E.EXPIRED_DEVICE_CODE);
        }
        if (grant.approvedBy === undefined && config.deviceApproval === 'auto') {
          grant.approvedBy = users.first()?.username;
        }
        if (grant.approvedBy === undefined) throw new MockError(E.AUTHORIZATION_PENDING);
        // A device code is exchanged once: a second poll with it must not mint a second session.
        grants.delete(deviceCode);
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
        if (body.present) validateBody(op('refresh')?.validateRequest, body.value, E.VALIDATION_ERROR);
        const fromBody = body.present
          ? (body.value as { refresh_token?: string | null }).refresh_token
          : null;
        // The body wins over the cookie: a client that sends one in the body means that one.
        const token = fromBody || getCookie(c, 'refresh_token');
        if (!token) throw new MockError(E.NOT_AUTHENTICATED);
        // Look-up and rotation run with no await in between: of concurrent refreshes of one token,
        // exactly one sees it active.
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
          throw new MockError(E.REFRESH_TOKEN_REVOKED, {
            message: 'The user no longer exists; log in again',
          });
        }
        const { access, refresh, org } = issuePair(c, session, user);
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
    },
  };

  /**
   * Where `verification_url` points: approves a pending device login as the first configured user.
   * Not in the OpenAPI document (the vendor's page is a browser flow); it answers JSON, never HTML.
   */
  async function verify(c: MockContext): Promise<Response> {
    c.set('profile', 'dreadnode');
    c.set('operation', 'device-verify');
    let userCode: unknown = c.req.query('user_code');
    if (c.req.method === 'POST') {
      const body = await readJson(c, requestErrors);
      const value = body.present ? body.value : undefined;
      userCode =
        typeof value === 'object' && value !== null
          ? (value as { user_code?: unknown }).user_code
          : undefined;
    }
    if (typeof userCode !== 'string' || userCode.trim() === '') {
      throw new MockError(E.VALIDATION_ERROR, {
        message: 'Invalid request: user_code is required',
        details: [
          { loc: ['body', 'user_code'], msg: "must have required property 'user_code'", type: 'required' },
        ],
      });
    }
    // Users type codes by hand: case and a missing dash must not matter (RFC 8628 §6.1).
    const wanted = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    const now = clock.now();
    // A linear scan: verification is a rare, manual step and the map is bounded.
    const grant = [...grants.values()].find(
      (g) => g.userCode.replace('-', '') === wanted && g.expiresAt > now,
    );
    if (!grant) throw new MockError(E.INVALID_USER_CODE);
    const approver = users.first();
    if (!approver) throw new MockError(E.ACCESS_FORBIDDEN, { message: 'No user exists to approve as' });
    grant.approvedBy = approver.username;
    return c.json({ id: grant.id, user_code: grant.userCode, approved: true }, 200, NO_STORE);
  }

  return createProfileApp(definition, contract, services);
}
