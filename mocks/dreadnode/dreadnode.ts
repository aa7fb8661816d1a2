import { getCookie } from 'hono/cookie';
import { readJson, validateBody } from '../core/body.js';
import { defineProfile } from '../core/define-profile.js';
import { MockError } from '../core/mock-error.js';
import type { NoBody } from '../core/operation.js';
import { NO_STORE } from '../core/reply.js';
import { checkAccessToken, noteAccess } from '../core/tokens.js';
import type { User } from '../core/users.js';
import { cookieReply } from './cookie-reply.js';
import { deviceApprovalRoutes } from './device-approval.js';
import { createDeviceLogin } from './device-login.js';
import { DREADNODE_ERRORS as E } from './errors.js';
import { createIdentities } from './identities.js';
import { checkDreadnodeSettings, DREADNODE_SETTINGS } from './settings.js';
import { createTokenPairs, ISSUER } from './token-pairs.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The Dreadnode platform's token API as its own clients use it: a device login (code, then poll), the
 * user behind a token (`GET /api/user`, what the CLI calls right after logging in), and a rotating
 * refresh token — through the refresh endpoint, or through the cookies of any authenticated request
 * whose access token has expired. A rotated token presented again revokes the whole family.
 */
export const DREADNODE = defineProfile<DreadnodeBodies, typeof DREADNODE_SETTINGS, typeof E>({
  id: 'dreadnode',
  prefix: '/api/auth',
  settings: DREADNODE_SETTINGS,
  build({ services, config }) {
    checkDreadnodeSettings(config);
    const { users } = services;
    const { organizationOf, profileOf } = createIdentities(services.random.seed);
    const pairs = createTokenPairs(services, config, organizationOf);
    const device = createDeviceLogin(services, config, pairs);

    return {
      catalogue: E,
      // FastAPI answers a body that does not parse as a validation error (detail type `json_invalid`).
      roles: { malformed: E.VALIDATION_ERROR, mediaType: E.INVALID_REQUEST, invalid: E.VALIDATION_ERROR },
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
      extraRoutes: deviceApprovalRoutes(device.grants, users, services.basePath),
      reset() {
        void device.grants.clear();
        pairs.reset();
      },
      handlers: {
        'device-code': device.code,
        'device-token': device.token,

        async refresh(c, op) {
          const body = await readJson(c, op.errors);
          const fromBody = body.present
            ? validateBody(op.validate, body.value, E.VALIDATION_ERROR).refresh_token
            : null;
          // The body wins over the cookie: a client that sends one in the body means that one.
          const token = fromBody || getCookie(c, 'refresh_token');
          if (!token) throw new MockError(E.NOT_AUTHENTICATED);
          const consumed = await pairs.consume(c, token);
          const { session, user } = consumed;
          const rotation = { rotated: token, refresh: consumed.refresh };
          const { access, refresh, org, cookies } = await pairs.issue(c, session, user, rotation);
          return cookieReply(
            {
              access_token: access.token,
              refresh_token: refresh,
              token_type: 'bearer',
              expires_in: access.expiresIn,
              organization: org,
            },
            cookies,
          );
        },

        async user(c) {
          const authorization = c.req.header('authorization');
          const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
          // The bearer wins over the cookie, as an explicit header does in the vendor's older client.
          const token = bearer ?? getCookie(c, 'access_token');
          const check = await checkAccessToken(services, token, ISSUER);
          // A refresh through the cookies below replaces it with the refresh token it presented.
          noteAccess(c, token, check);
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
            throw new MockError(
              check.reason === 'missing' ? E.USER_NOT_AUTHENTICATED : E.ACCESS_TOKEN_EXPIRED,
            );
          }
          user = await pairs.refreshThroughCookie(c, refreshToken);
          // c.body, not a bare Response: it carries the Set-Cookie lines written above.
          return c.body(profileOf(user), 200, { 'Content-Type': 'application/json', ...NO_STORE });
        },
      },
    };
  },
});

/** The bodies of Dreadnode's operations, as schemas/dreadnode/openapi.json describes them. */
interface DreadnodeBodies {
  'device-code': NoBody;
  'device-token': { device_code: string };
  /** The refresh token may come in the body or as the refresh_token cookie. */
  refresh: { refresh_token?: string | null };
  user: NoBody;
}
