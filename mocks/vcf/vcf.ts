import { readJson, validateBody } from '../core/body.js';
import { reason } from '../core/catalogue.js';
import { defineProfile } from '../core/define-profile.js';
import { MockError } from '../core/mock-error.js';
import type { HandledOperation } from '../core/operation.js';
import { reply, replyEmpty } from '../core/reply.js';
import { SettingsError } from '../core/settings.js';
import { issueAccessToken } from '../core/tokens.js';
import type { MockContext } from '../core/types.js';
import type { User } from '../core/users.js';
import { VCF_ERRORS as E } from './errors.js';
import { type IdTokenVerdict, readIdToken } from './id-token.js';

/** Assumed behaviours of the VMware profile, each overridable with `--set vcf.<key>=<value>`. */
export const VCF_SETTINGS = {
  /**
   * VMware's OpenAPI says 201, its "Tokens APIs" guide shows 200; both conform. 201 is what clients built
   * on vmware/vcf-sdk-go need: its typed login result is filled only for a 201.
   */
  loginStatus: 200,
  accessTtl: 3600,
  /** Assumed: VMware does not publish the refresh-token lifetime. */
  refreshTtl: 86_400,
  /** The API key accepted by `{apiKey}` logins; it logs in as the first configured user. */
  apiKey: 'tokenrig-demo-api-key',
  /** VMware's PowerShell client sends the refresh-token id unquoted; the mock tolerates it by default. */
  acceptBareId: true,
  /**
   * Revoking an unknown, expired or already revoked id. VMware documents only 204 for revoke; 404 is
   * tokenrig's assumption, 204 makes revoke idempotent (both conform).
   */
  revokeUnknownStatus: 404,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A setting that only some values make sense for: refused at start-up, never answered at run time. */
function oneOf(key: keyof typeof VCF_SETTINGS, value: number, allowed: readonly number[]): number {
  if (!allowed.includes(value))
    throw new SettingsError(`vcf.${key} takes ${allowed.join(' or ')}, got ${value}`);
  return value;
}

/**
 * VMware Cloud Foundation SDDC Manager tokens: a JWT access token and a refresh token that is a UUID
 * `id`, reusable until it expires or is revoked (no rotation).
 */
export const VCF = defineProfile<VcfBodies, typeof VCF_SETTINGS, typeof E>({
  id: 'vcf',
  prefix: '/v1/tokens',
  settings: VCF_SETTINGS,
  build({ services, config }) {
    const loginStatus = oneOf('loginStatus', config.loginStatus, [200, 201]);
    const revokeUnknownStatus = oneOf('revokeUnknownStatus', config.revokeUnknownStatus, [404, 204]);
    const { sessions, users, random } = services;
    const lenient = config.acceptBareId
      ? (raw: string) => (UUID.test(raw.trim()) ? raw.trim() : undefined)
      : undefined;

    /** The refresh-token id from a body that is documented as a JSON string. */
    async function readTokenId(c: MockContext, op: HandledOperation<string>): Promise<string> {
      const body = await readJson(c, op.errors, lenient);
      if (!body.present)
        throw new MockError(E.INVALID_REQUEST, { message: 'The refresh token id is required.' });
      return validateBody(op.validate, body.value, E.INVALID_REQUEST);
    }

    return {
      catalogue: E,
      generic: (status) => ({
        code: `VCF_HTTP_${status}`,
        status,
        message: `${reason(status)}.`,
        provenance: 'assumed',
      }),
      envelope: (error, random) => ({
        errorCode: error.spec.code,
        errorType: 'ERROR',
        arguments: error.extra.target ? [error.extra.target] : [],
        context: {
          component: 'sddc-manager',
          operation: random.faker.helpers.arrayElement(['TOKEN', 'AUTH']),
        },
        message: error.message,
        remediationMessage: remediation(error.status),
        causes: (error.extra.details ?? []).map((d) => ({ type: d.type, message: d.msg })),
        nestedErrors: [],
        referenceToken: random.faker.string.alphanumeric({ length: 6, casing: 'upper' }),
      }),
      handlers: {
        async login(c, op) {
          const body = await readJson(c, op.errors);
          if (!body.present) throw new MockError(E.CREDENTIALS_REQUIRED);
          const { username, password, apiKey, idToken } = validateBody(
            op.validate,
            body.value,
            E.INVALID_REQUEST,
          );
          let user: User | undefined;
          if (apiKey !== undefined) {
            if (apiKey === config.apiKey) user = users.first();
          } else if (idToken !== undefined) {
            const verdict = readIdToken(idToken, services.clock.now());
            if (!verdict.ok)
              throw new MockError(E.INVALID_CREDENTIALS, { message: ID_TOKEN_REFUSED[verdict.reason] });
            user = users.get(verdict.subject);
          } else if (username !== undefined && password !== undefined) {
            const candidate = users.get(username);
            if (candidate && candidate.password === password) user = candidate;
          } else {
            throw new MockError(E.CREDENTIALS_REQUIRED);
          }
          if (!user) throw new MockError(E.INVALID_CREDENTIALS);
          const session = await sessions.open(random.uuid(), 'vcf', user.username, config.refreshTtl);
          c.set('session', session.id);
          c.set('expiresIn', config.accessTtl);
          const refreshId = random.uuid();
          await sessions.addRefreshToken(session, refreshId, config.refreshTtl);
          const access = issueAccessToken(services, session, config.accessTtl, {
            iss: 'vcf-auth',
            aud: 'sddc-services',
          });
          return reply({ accessToken: access.token, refreshToken: { id: refreshId } }, loginStatus);
        },

        async refresh(c, op) {
          const id = await readTokenId(c, op);
          const lookup = await sessions.inspect(id);
          if (lookup.status !== 'unknown') c.set('session', lookup.session.id);
          c.set('credential', { kind: 'refresh', token: id, state: lookup.status });
          // No rotation: VMware's refresh token "can be used any number of times until it has expired or been revoked".
          if (lookup.status !== 'active')
            throw new MockError(E.REFRESH_TOKEN_NOT_FOUND, { target: 'refreshToken' });
          c.set('expiresIn', config.accessTtl);
          const access = issueAccessToken(services, lookup.session, config.accessTtl, {
            iss: 'vcf-auth',
            aud: 'sddc-services',
          });
          return reply(access.token, 200);
        },

        async revoke(c, op) {
          const id = await readTokenId(c, op);
          const lookup = await sessions.inspect(id);
          if (lookup.status !== 'unknown') c.set('session', lookup.session.id);
          c.set('credential', { kind: 'refresh', token: id, state: lookup.status });
          if (lookup.status !== 'active') {
            if (revokeUnknownStatus === 204) return replyEmpty(204);
            throw new MockError(E.REFRESH_TOKEN_NOT_FOUND, { target: 'refreshToken' });
          }
          await sessions.revoke(lookup.session.id, 'revoked');
          return replyEmpty(204);
        },
      },
    };
  },
});

/** Told to the client so a developer sees why; VMware documents no message for any of them. */
const ID_TOKEN_REFUSED: Record<Extract<IdTokenVerdict, { ok: false }>['reason'], string> = {
  malformed: 'Authentication failed: the id token is not a compact JWS.',
  unsigned: 'Authentication failed: the id token is not signed (alg none).',
  'no-subject': 'Authentication failed: the id token names no subject.',
  expired: 'Authentication failed: the id token has expired.',
  'not-yet-valid': 'Authentication failed: the id token is not valid yet.',
};

function remediation(status: number): string {
  if (status === 401) return 'Check the credentials and try again.';
  if (status === 404) return 'Log in again to obtain a new refresh token.';
  if (status >= 500) return 'Retry later; if the problem persists, contact support with the reference token.';
  return 'Correct the request and try again.';
}

/** The bodies of VMware's operations, as schemas/vcf/openapi.json describes them. */
interface VcfBodies {
  /** Every member optional: which ones are sent decides how the user logs in. */
  login: { username?: string; password?: string; apiKey?: string; idToken?: string };
  /** The refresh-token id, as a JSON string. */
  refresh: string;
  revoke: string;
}
