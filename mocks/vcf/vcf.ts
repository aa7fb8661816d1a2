import type { Hono } from 'hono';
import { readJson, validateBody } from '../core/body.js';
import { MockError } from '../core/mock-error.js';
import {
  createProfileApp,
  type MockContext,
  type MockEnv,
  type ProfileDefinition,
  type ProfileFactoryOptions,
  reason,
} from '../core/profile.js';
import { reply, replyEmpty } from '../core/reply.js';
import { resolveSettings } from '../core/settings.js';
import { issueAccessToken } from '../core/tokens.js';
import type { User } from '../core/users.js';
import { VCF_ERRORS as E } from './errors.js';

/** Assumed behaviours of the VMware profile, each overridable with `--set vcf.<key>=<value>`. */
export const VCF_SETTINGS = {
  /** The vendor OpenAPI says 201, its guide shows 200; both conform. */
  loginStatus: 200,
  accessTtl: 3600,
  /** Assumed: VMware does not publish the refresh-token lifetime. */
  refreshTtl: 86_400,
  /** The API key accepted by `{apiKey}` logins; it logs in as the first configured user. */
  apiKey: 'tokenrig-demo-api-key',
  /** VMware's PowerShell client sends the refresh-token id unquoted; the mock tolerates it by default. */
  acceptBareId: true,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * VMware Cloud Foundation SDDC Manager tokens: a JWT access token and a refresh token that is a UUID
 * `id`, reusable until it expires or is revoked (no rotation).
 */
export function createVcfMock({ services, contract, settings = {} }: ProfileFactoryOptions): Hono<MockEnv> {
  const config = resolveSettings('vcf', VCF_SETTINGS, settings);
  const { sessions, users, random } = services;
  const op = (id: string) => contract.operations.get(id);
  const requestErrors = {
    malformed: E.MALFORMED_JSON,
    mediaType: E.UNSUPPORTED_MEDIA_TYPE,
    tooLarge: E.PAYLOAD_TOO_LARGE,
    invalid: E.INVALID_REQUEST,
    directive: E.DIRECTIVE,
  };
  const lenient = config.acceptBareId
    ? (raw: string) => (UUID.test(raw.trim()) ? raw.trim() : undefined)
    : undefined;

  /** The refresh-token id from a body that is documented as a JSON string. */
  async function readTokenId(c: MockContext, opId: string): Promise<string> {
    const body = await readJson(c, requestErrors, lenient);
    if (!body.present)
      throw new MockError(E.INVALID_REQUEST, { message: 'The refresh token id is required.' });
    validateBody(op(opId)?.validateRequest, body.value, E.INVALID_REQUEST);
    return body.value as string;
  }

  const definition: ProfileDefinition = {
    id: 'vcf',
    prefix: '/v1/tokens',
    catalogue: E,
    requestErrors,
    notFound: E.NOT_FOUND,
    methodNotAllowed: E.METHOD_NOT_ALLOWED,
    internal: E.INTERNAL,
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
      context: { component: 'sddc-manager', operation: random.faker.helpers.arrayElement(['TOKEN', 'AUTH']) },
      message: error.message,
      remediationMessage: remediation(error.status),
      causes: (error.extra.details ?? []).map((d) => ({ type: d.type, message: d.msg })),
      nestedErrors: [],
      referenceToken: random.faker.string.alphanumeric({ length: 6, casing: 'upper' }),
    }),
    handlers: {
      async login(c) {
        const body = await readJson(c, requestErrors);
        if (!body.present) throw new MockError(E.CREDENTIALS_REQUIRED);
        validateBody(op('login')?.validateRequest, body.value, E.INVALID_REQUEST);
        const { username, password, apiKey } = body.value as {
          username?: string;
          password?: string;
          apiKey?: string;
        };
        let user: User | undefined;
        if (apiKey !== undefined) {
          if (apiKey === config.apiKey) user = users.first();
        } else if (username !== undefined && password !== undefined) {
          const candidate = users.get(username);
          if (candidate && candidate.password === password) user = candidate;
        } else {
          throw new MockError(E.CREDENTIALS_REQUIRED);
        }
        if (!user) throw new MockError(E.INVALID_CREDENTIALS);
        const session = sessions.open(random.uuid(), 'vcf', user.username, config.refreshTtl);
        const refreshId = random.uuid();
        sessions.addRefreshToken(session, refreshId, config.refreshTtl);
        const access = issueAccessToken(services, session, config.accessTtl, {
          iss: 'vcf-auth',
          aud: 'sddc-services',
        });
        return reply(
          { accessToken: access.token, refreshToken: { id: refreshId } },
          config.loginStatus as 200,
        );
      },

      async refresh(c) {
        const id = await readTokenId(c, 'refresh');
        const lookup = sessions.inspect(id);
        // No rotation: VMware's refresh token "can be used any number of times until it has expired or been revoked".
        if (lookup.status !== 'active')
          throw new MockError(E.REFRESH_TOKEN_NOT_FOUND, { target: 'refreshToken' });
        const access = issueAccessToken(services, lookup.session, config.accessTtl, {
          iss: 'vcf-auth',
          aud: 'sddc-services',
        });
        return reply(access.token, 200);
      },

      async revoke(c) {
        const id = await readTokenId(c, 'revoke');
        const lookup = sessions.inspect(id);
        if (lookup.status !== 'active')
          throw new MockError(E.REFRESH_TOKEN_NOT_FOUND, { target: 'refreshToken' });
        sessions.revoke(lookup.session.id, 'revoked');
        return replyEmpty(204);
      },
    },
  };
  return createProfileApp(definition, contract, services);
}

function remediation(status: number): string {
  if (status === 401) return 'Check the credentials and try again.';
  if (status === 404) return 'Log in again to obtain a new refresh token.';
  if (status >= 500) return 'Retry later; if the problem persists, contact support with the reference token.';
  return 'Correct the request and try again.';
}
