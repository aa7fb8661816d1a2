import { readForm, readJson, validateBody } from '../core/body.js';
import { reason } from '../core/catalogue.js';
import { defineProfile } from '../core/define-profile.js';
import { MockError } from '../core/mock-error.js';
import type { NoBody } from '../core/operation.js';
import { reply } from '../core/reply.js';
import type { Session } from '../core/session-store.js';
import { type AccessCheck, checkAccessToken, issueAccessToken, noteAccess } from '../core/tokens.js';
import type { MockContext } from '../core/types.js';
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
/** The issuer of storefront tokens, as in Oracle's example token (Oracle Commerce Cloud REST API for Store, "refresh"). */
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

/** The form fields Oracle's "login" page marks "(required)", in the order a missing one is reported. */
const LOGIN_FIELDS = ['grant_type', 'username', 'password'] as const;

function bearerToken(c: MockContext): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/**
 * Oracle Commerce Cloud storefront tokens: no refresh token; the current, unexpired access token is
 * exchanged for a new one ("restarting the clock"), and logout ends the session.
 */
export const ORACLE_COMMERCE = defineProfile<OracleBodies, typeof ORACLE_SETTINGS, typeof E>({
  id: 'oracle-commerce',
  prefix: PREFIX,
  settings: ORACLE_SETTINGS,
  build({ services, config }) {
    const { sessions, users, random, clock } = services;

    function invalidToken(problem: TokenProblem): MockError {
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      const challenge =
        problem === 'missing'
          ? `Bearer realm="${ISSUER}"`
          : `Bearer realm="${ISSUER}", error="invalid_token"`;
      return new MockError(E.INVALID_TOKEN, {
        message: TOKEN_PROBLEMS[problem],
        headers: { 'WWW-Authenticate': challenge },
      });
    }

    /** The session behind the bearer token, or the 401 that Oracle's resource filter would answer. */
    async function authenticate(c: MockContext): Promise<{ session: Session; jti: unknown }> {
      const token = bearerToken(c);
      const check = await checkAccessToken(services, token, ISSUER);
      noteAccess(c, token, check);
      if (!check.ok) throw invalidToken(check.reason);
      if (config.invalidateOldToken && check.claims.jti !== check.session.currentJti) {
        // An older token than the session's newest: what the client findings call a rotated token reused.
        if (token) c.set('credential', { kind: 'access', token, state: 'reused' });
        throw invalidToken('superseded');
      }
      return { session: check.session, jti: check.claims.jti };
    }

    /** One missing field in Oracle's standard format; several in its multiple-error format. */
    function missingParameters(fields: readonly string[]): MockError {
      return new MockError(E.MISSING_PARAMETER, {
        message:
          fields.length === 1
            ? `${fields[0]} is required.`
            : `The request is missing required parameters: ${fields.join(', ')}.`,
        details: fields.map((field) => ({
          loc: ['body', field],
          msg: `${field} is required.`,
          type: 'required',
        })),
      });
    }

    /**
     * A new access token for the session. `replaces` is the token a refresh presented: with
     * invalidateOldToken, the new one is recorded only while that is still the newest, so of concurrent
     * refreshes of one token exactly one succeeds and the others are refused as superseded.
     */
    async function tokenResponse(c: MockContext, session: Session, replaces?: unknown): Promise<Response> {
      c.set('expiresIn', config.accessTtl);
      const access = issueAccessToken(services, session, config.accessTtl, { iss: ISSUER });
      // Without a refresh token, the session lives as long as its newest access token: that drives eviction.
      const expect = config.invalidateOldToken && typeof replaces === 'string' ? replaces : undefined;
      const recorded = await sessions.issued(
        session.id,
        access.jti,
        clock.now() + config.accessTtl * 1000,
        expect,
      );
      if (!recorded && expect !== undefined) throw invalidToken('superseded');
      return reply({ access_token: access.token, token_type: 'bearer', expires_in: access.expiresIn }, 200);
    }

    return {
      catalogue: E,
      generic: (status) => ({
        code: String(status),
        status,
        message: `${reason(status)}.`,
        provenance: 'assumed',
      }),
      // Oracle's "Error messages" page: one error is {message, status, errorCode}; several come in the
      // multiple-error format, whose top level carries no errorCode. No Oracle example carries the
      // errorModel's other optional members (type, devMessage, moreInfo, o:errorPath), so neither does the mock.
      envelope: (error) => {
        const status = String(error.status);
        const details = error.extra.details ?? [];
        if (details.length > 1) {
          return {
            message: error.message,
            errors: details.map((d) => ({ message: d.msg, status, errorCode: error.spec.code })),
            status,
          };
        }
        return { message: error.message, status, errorCode: error.spec.code };
      },
      handlers: {
        async login(c, op) {
          const form = await readForm(c, op.errors);
          const grantType = form.grant_type;
          if (grantType && grantType !== 'password') {
            throw new MockError(E.UNSUPPORTED_GRANT_TYPE, {
              message: `Unsupported grant_type ${JSON.stringify(grantType)}; shopper login takes grant_type=password.`,
            });
          }
          const { username, password } = form;
          if (!grantType || !username || !password) {
            throw missingParameters(LOGIN_FIELDS.filter((field) => !form[field]));
          }
          validateBody(op.validate, form, E.INVALID_REQUEST);
          const user = users.get(username);
          if (!user || user.password !== password) throw new MockError(E.INVALID_CREDENTIALS);
          const session = await sessions.open(
            random.uuid(),
            'oracle-commerce',
            user.username,
            config.accessTtl,
          );
          c.set('session', session.id);
          return await tokenResponse(c, session);
        },

        async refresh(c, op) {
          const body = await readJson(c, op.errors);
          if (body.present) validateBody(op.validate, body.value, E.INVALID_REQUEST);
          const { session, jti } = await authenticate(c);
          if (clock.now() >= session.createdAt + config.refreshTtl * 1000)
            throw invalidToken('session-ended');
          return await tokenResponse(c, session, jti);
        },

        async verify(c) {
          await authenticate(c);
          return reply({ success: true }, 200);
        },

        async logout(c) {
          const { session } = await authenticate(c);
          await sessions.revoke(session.id, 'logout');
          return reply({ result: true }, 200);
        },
      },
    };
  },
});

/** The bodies of Oracle's operations, as schemas/oracle-commerce/openapi.json describes them. */
interface OracleBodies {
  /** The form's fields, each checked by the schema before it is used. */
  login: Readonly<Record<string, string>>;
  /** An empty object: the token to refresh is the bearer. */
  refresh: Readonly<Record<string, unknown>>;
  verify: NoBody;
  logout: NoBody;
}
