import type { Hono } from 'hono';
import { readForm, readJson, validateBody } from '../core/body.js';
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
import type { Session } from '../core/session-store.js';
import { resolveSettings } from '../core/settings.js';
import { type AccessCheck, checkAccessToken, issueAccessToken } from '../core/tokens.js';
import { ORACLE_ERRORS as E } from './errors.js';

/** Assumed behaviours of the Oracle profile, each overridable with `--set oracle-commerce.<key>=<value>`. */
export const ORACLE_SETTINGS = {
  /** Shopper tokens live 15 minutes (vendor guide "Refresh an access token"). */
  accessTtl: 900,
  /**
   * There is no refresh token: this is how long one login can be kept alive by refreshing. Assumed:
   * Oracle documents no limit, only that refreshing "restarts the clock".
   */
  refreshTtl: 86_400,
  /** Undocumented whether a token stays valid once refreshed; by default it does, until its own expiry. */
  invalidateOldToken: false,
};

const PREFIX = '/ccstore/v1';
/** The issuer of storefront tokens, as in the vendor's example token (seed 001). */
const ISSUER = 'storefrontUI';

type TokenProblem = Extract<AccessCheck, { ok: false }>['reason'] | 'superseded' | 'session-ended';

const TOKEN_PROBLEMS: Readonly<Record<TokenProblem, string>> = {
  missing: 'Authorization: Bearer <access token> is required.',
  malformed: 'The access token is malformed.',
  'bad-signature': 'The access token signature is invalid.',
  expired: 'The access token has expired.',
  revoked: 'The session of this access token has ended.',
  'wrong-audience': 'The access token was not issued by this storefront.',
  superseded: 'The access token has been replaced by a newer one.',
  'session-ended': 'The session has reached its maximum lifetime; log in again.',
};

/** The RFC defining each status, as the errorModel's `type` names it: "The URI to the HTTP state code definition". */
const STATUS_DEFINITIONS: Readonly<Record<number, string>> = {
  400: 'rfc7231#section-6.5.1',
  401: 'rfc7235#section-3.1',
  403: 'rfc7231#section-6.5.3',
  404: 'rfc7231#section-6.5.4',
  405: 'rfc7231#section-6.5.5',
  406: 'rfc7231#section-6.5.6',
  408: 'rfc7231#section-6.5.7',
  409: 'rfc7231#section-6.5.8',
  410: 'rfc7231#section-6.5.9',
  413: 'rfc7231#section-6.5.11',
  415: 'rfc7231#section-6.5.13',
  429: 'rfc6585#section-4',
  500: 'rfc7231#section-6.6.1',
  501: 'rfc7231#section-6.6.2',
  502: 'rfc7231#section-6.6.3',
  503: 'rfc7231#section-6.6.4',
  504: 'rfc7231#section-6.6.5',
};

function statusType(status: number): string {
  const definition = STATUS_DEFINITIONS[status];
  return definition
    ? `https://tools.ietf.org/html/${definition}`
    : `https://www.rfc-editor.org/rfc/rfc9110#status.${status}`;
}

function bearerToken(c: MockContext): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/**
 * Oracle Commerce Cloud storefront tokens: no refresh token; the current, unexpired access token is
 * exchanged for a new one ("restarting the clock"), and logout ends the session.
 */
export function createOracleCommerceMock({
  services,
  contract,
  settings = {},
}: ProfileFactoryOptions): Hono<MockEnv> {
  const config = resolveSettings('oracle-commerce', ORACLE_SETTINGS, settings);
  const { sessions, users, random, clock } = services;
  const op = (id: string) => contract.operations.get(id);
  const requestErrors = {
    malformed: E.MALFORMED_JSON,
    mediaType: E.UNSUPPORTED_MEDIA_TYPE,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.INVALID_REQUEST,
    directive: E.DIRECTIVE,
  };

  function invalidToken(problem: TokenProblem): MockError {
    // RFC 6750 §3.1: no error code when the request carried no credentials at all.
    const challenge =
      problem === 'missing' ? `Bearer realm="${ISSUER}"` : `Bearer realm="${ISSUER}", error="invalid_token"`;
    return new MockError(E.INVALID_TOKEN, {
      message: TOKEN_PROBLEMS[problem],
      headers: { 'WWW-Authenticate': challenge },
    });
  }

  /** The session behind the bearer token, or the 401 that Oracle's resource filter would answer. */
  function authenticate(c: MockContext): Session {
    const check = checkAccessToken(services, bearerToken(c), ISSUER);
    if (!check.ok) throw invalidToken(check.reason);
    if (config.invalidateOldToken && check.claims.jti !== check.session.currentJti) {
      throw invalidToken('superseded');
    }
    return check.session;
  }

  function missingParameter(field: string): MockError {
    return new MockError(E.MISSING_PARAMETER, {
      message: `${field} is required.`,
      target: field,
      details: [{ loc: ['body', field], msg: `${field} is required`, type: 'required' }],
    });
  }

  function tokenResponse(session: Session): Response {
    const access = issueAccessToken(services, session, config.accessTtl, { iss: ISSUER });
    // Without a refresh token, the session lives as long as its newest access token: that drives eviction.
    session.expiresAt = Math.max(session.expiresAt, clock.now() + config.accessTtl * 1000);
    return reply({ access_token: access.token, token_type: 'bearer', expires_in: access.expiresIn }, 200);
  }

  const definition: ProfileDefinition = {
    id: 'oracle-commerce',
    prefix: PREFIX,
    catalogue: E,
    requestErrors,
    notFound: E.NOT_FOUND,
    methodNotAllowed: E.METHOD_NOT_ALLOWED,
    internal: E.INTERNAL,
    generic: (status) => ({
      code: String(status),
      status,
      message: `${reason(status)}.`,
      provenance: 'assumed',
    }),
    envelope: (error, random, path) => {
      const status = String(error.status);
      const details = error.extra.details ?? [];
      return {
        errorCode: error.spec.code,
        message: error.message,
        status,
        type: statusType(error.status),
        devMessage: error.spec.message,
        moreInfo: `Quote ECID ${random.faker.string.alphanumeric({ length: 28 })} when contacting Oracle Support.`,
        'o:errorPath': path,
        ...(details.length === 0
          ? {}
          : {
              errors: details.map((d) => ({
                errorCode: error.spec.code,
                message: d.msg,
                status,
                'o:errorPath': d.loc.slice(1).join('.') || 'body',
              })),
            }),
      };
    },
    handlers: {
      async login(c) {
        const form = await readForm(c, requestErrors);
        const grantType = form.grant_type;
        if (!grantType) throw missingParameter('grant_type');
        if (grantType !== 'password') {
          throw new MockError(E.UNSUPPORTED_GRANT_TYPE, {
            message: `Unsupported grant_type ${JSON.stringify(grantType)}; shopper login takes grant_type=password.`,
            target: 'grant_type',
          });
        }
        if (!form.username) throw missingParameter('username');
        if (!form.password) throw missingParameter('password');
        validateBody(op('login')?.validateRequest, form, E.INVALID_REQUEST);
        const user = users.get(form.username);
        if (!user || user.password !== form.password) throw new MockError(E.INVALID_CREDENTIALS);
        const session = sessions.open(random.uuid(), 'oracle-commerce', user.username, config.accessTtl);
        return tokenResponse(session);
      },

      async refresh(c) {
        // The body is read before the token is checked, so that the check and the new token below run
        // with no await between them: with invalidateOldToken, concurrent refreshes of one token yield
        // exactly one success.
        const body = await readJson(c, requestErrors);
        if (body.present) validateBody(op('refresh')?.validateRequest, body.value, E.INVALID_REQUEST);
        const session = authenticate(c);
        if (clock.now() >= session.createdAt + config.refreshTtl * 1000) throw invalidToken('session-ended');
        return tokenResponse(session);
      },

      verify(c) {
        authenticate(c);
        return reply({ success: true }, 200);
      },

      logout(c) {
        const session = authenticate(c);
        sessions.revoke(session.id, 'logout');
        return reply({ result: true }, 200);
      },
    },
  };

  return createProfileApp(definition, contract, services);
}
