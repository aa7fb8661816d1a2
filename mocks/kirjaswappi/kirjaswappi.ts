import type { Hono } from 'hono';
import { type ParsedBody, readJson, validateBody } from '../core/body.js';
import { MockError } from '../core/mock-error.js';
import {
  createProfileApp,
  type MockContext,
  type MockEnv,
  type ProfileDefinition,
  type ProfileFactoryOptions,
  reason,
} from '../core/profile.js';
import { reply } from '../core/reply.js';
import type { RefreshLookup } from '../core/session-store.js';
import { resolveSettings } from '../core/settings.js';
import { issueAccessToken, signRefreshJwt } from '../core/tokens.js';
import { KIRJASWAPPI_ERRORS as E } from './errors.js';

/** Assumed behaviours of the KirjaSwappi profile, each overridable with `--set kirjaswappi.<key>=<value>`. */
export const KIRJASWAPPI_SETTINGS = {
  /** The access JWT lives 5 minutes (contract). */
  accessTtl: 300,
  /** The refresh JWT lives 7 days and is reusable until then (contract). */
  refreshTtl: 604_800,
};

const PREFIX = '/api/v1/authenticate';
/** The vendor's JwtUtil puts the admin's role in both tokens, and `jwtToken: true|false` to tell them apart. */
const ROLE = 'ADMIN';

const LOOKUP_PROBLEMS: Readonly<Record<Exclude<RefreshLookup['status'], 'active'>, string>> = {
  unknown: 'The refresh token is not recognised.',
  expired: 'The refresh token has expired.',
  revoked: 'The refresh token has been revoked.',
  // Nothing rotates KirjaSwappi's refresh tokens, so a reuse cannot be detected; listed for completeness.
  reused: 'The refresh token has been revoked.',
};

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
 * reusable until it expires (no rotation); refresh answers a new access token only.
 */
export function createKirjaswappiMock({
  services,
  contract,
  settings = {},
}: ProfileFactoryOptions): Hono<MockEnv> {
  const config = resolveSettings('kirjaswappi', KIRJASWAPPI_SETTINGS, settings);
  const { sessions, users, random, clock, jwt } = services;
  const op = (id: string) => contract.operations.get(id);
  const requestErrors = {
    malformed: E.INVALID_JSON_PAYLOAD,
    mediaType: E.UNSUPPORTED_CONTENT_TYPE,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.INVALID_ARGUMENT,
    directive: E.DIRECTIVE,
  };

  /** The JSON body, validated against the operation's request schema; Spring's answers for the rest. */
  async function readBody(c: MockContext, opId: string): Promise<unknown> {
    let body: ParsedBody;
    try {
      body = await readJson(c, requestErrors);
    } catch (error) {
      // The parser's message quotes the body, a refresh token included; the vendor's message is fixed.
      if (error instanceof MockError && error.spec === E.INVALID_JSON_PAYLOAD) {
        throw new MockError(E.INVALID_JSON_PAYLOAD);
      }
      throw error;
    }
    if (!body.present) {
      throw new MockError(E.INVALID_JSON_PAYLOAD, { message: 'Required request body is missing' });
    }
    validateBody(op(opId)?.validateRequest, body.value, E.INVALID_ARGUMENT);
    return body.value;
  }

  function blank(spec: typeof E.USERNAME_BLANK | typeof E.PASSWORD_BLANK, field: string): MockError {
    return new MockError(spec, {
      target: field,
      details: [{ loc: ['body', field], msg: spec.message, type: spec.code }],
    });
  }

  function userNotFound(username: string): MockError {
    return new MockError(E.USER_NOT_FOUND, { message: `User ${username} does not exist.` });
  }

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
    // The vendor's ErrorResponse: `target` is the request path (ErrorUtils.getCurrentPath); details name
    // the offending field, as its validation handler does. Null members are left out (@JsonInclude NON_NULL).
    envelope: (error, _random, path) => {
      const details = error.extra.details ?? [];
      return {
        error: {
          code: error.spec.code,
          message: error.message,
          target: path,
          ...(details.length === 0
            ? {}
            : {
                details: details.map((d) => ({
                  code: d.type === error.spec.code ? d.type : 'invalidField',
                  message: d.msg,
                  target: d.loc.slice(1).join('.') || 'body',
                })),
              }),
        },
      };
    },
    handlers: {
      async login(c) {
        const { username, password } = (await readBody(c, 'login')) as {
          username?: string;
          password?: string;
        };
        if (username === undefined || username.trim() === '') throw blank(E.USERNAME_BLANK, 'username');
        if (password === undefined || password.trim() === '') throw blank(E.PASSWORD_BLANK, 'password');
        const user = users.get(username);
        if (!user) throw userNotFound(username);
        if (user.password !== password) throw new MockError(E.INVALID_CREDENTIALS);
        const session = sessions.open(random.uuid(), 'kirjaswappi', user.username, config.refreshTtl);
        const refreshToken = signRefreshJwt(services, session, config.refreshTtl, {
          role: ROLE,
          jwtToken: false,
        });
        sessions.addRefreshToken(session, refreshToken, config.refreshTtl);
        const access = issueAccessToken(services, session, config.accessTtl, { role: ROLE, jwtToken: true });
        return reply({ jwtToken: access.token, refreshToken }, 200);
      },

      async refresh(c) {
        const { refreshToken } = (await readBody(c, 'refresh')) as { refreshToken: string };
        // The vendor's JwtUtil throws IllegalArgumentException on an empty token: its invalidArgument.
        if (refreshToken.trim() === '') {
          throw new MockError(E.INVALID_ARGUMENT, {
            message: 'Invalid request argument: refreshToken is blank',
            target: 'refreshToken',
            details: [{ loc: ['body', 'refreshToken'], msg: 'must not be blank', type: 'blank' }],
          });
        }
        // Checks in the vendor's order (AuthService.verifyRefreshToken): parse, find the user, then the
        // token type; revocation is the mock's addition and comes last.
        const verdict = jwt.verify(refreshToken, clock.now(), { issuedHere: sessions.holds(refreshToken) });
        if (!verdict.ok) {
          if (verdict.reason === 'malformed')
            throw new MockError(E.INVALID_REFRESH_TOKEN, { target: 'refreshToken' });
          throw new MockError(E.INVALID_JWT_TOKEN, {
            message:
              verdict.reason === 'expired'
                ? 'The refresh token has expired.'
                : 'The refresh token signature is invalid.',
            target: 'refreshToken',
          });
        }
        const { claims } = verdict;
        const owner = typeof claims.sid === 'string' ? sessions.get(claims.sid) : undefined;
        // Every profile's tokens share the mock's one signing key; KirjaSwappi's own server would reject
        // another service's token at its signature.
        if (owner && owner.profile !== 'kirjaswappi') {
          throw new MockError(E.INVALID_JWT_TOKEN, {
            message: 'The refresh token signature is invalid.',
            target: 'refreshToken',
          });
        }
        if (!users.get(claims.sub)) throw userNotFound(claims.sub);
        if (claims.typ !== 'refresh')
          throw new MockError(E.INVALID_REFRESH_TOKEN, { target: 'refreshToken' });
        // No rotation: inspect, never rotate, so the same refresh token keeps working until it expires.
        const lookup = sessions.inspect(refreshToken);
        if (lookup.status !== 'active') {
          throw new MockError(E.INVALID_JWT_TOKEN, {
            message: LOOKUP_PROBLEMS[lookup.status],
            target: 'refreshToken',
          });
        }
        const access = issueAccessToken(services, lookup.session, config.accessTtl, {
          role: ROLE,
          jwtToken: true,
        });
        return reply({ jwtToken: access.token }, 200);
      },
    },
  };

  return createProfileApp(definition, contract, services);
}
