import { type ParsedBody, readJson, validateBody } from '../core/body.js';
import { MockError } from '../core/mock-error.js';
import type { NoBody, OperationHandler } from '../core/operation.js';
import { NO_STORE } from '../core/reply.js';
import type { MockServices } from '../core/types.js';
import { setCookies } from './cookies.js';
import { type DeviceGrant, type DeviceGrantStore, MemoryDeviceGrants } from './device-grants.js';
import { DEVICE_PAGE_PATH } from './device-page.js';
import { DREADNODE_ERRORS as E } from './errors.js';
import { RedisDeviceGrants } from './redis-device-grants.js';
import type { DreadnodeSettings } from './settings.js';
import type { TokenPairs } from './token-pairs.js';

/** Pending device logins kept at most: a client that starts logins in a loop cannot grow the mock. */
const MAX_DEVICE_CODES = 10_000;
/** RFC 8628 §6.1: consonants only, so a user code never spells a word and has no look-alike letters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export interface DeviceLogin {
  readonly grants: DeviceGrantStore;
  readonly code: OperationHandler<NoBody>;
  readonly token: OperationHandler<{ device_code: string }>;
}

/** Dreadnode's device login: a code for the client to show, then its polls until someone approves it. */
export function createDeviceLogin(
  services: MockServices,
  config: DreadnodeSettings,
  pairs: TokenPairs,
): DeviceLogin {
  const { sessions, users, random, clock } = services;
  // Shared with the other processes of the mock when it has a store: a client may poll any of them.
  const grants: DeviceGrantStore = services.shared
    ? new RedisDeviceGrants({ ...services.shared, clock })
    : new MemoryDeviceGrants({ max: MAX_DEVICE_CODES, clock });

  const code: DeviceLogin['code'] = async (c) => {
    const deviceCode = random.faker.string.alphanumeric({ length: 40, casing: 'lower' });
    const chars = random.faker.string.fromCharacters(USER_CODE_ALPHABET, 8);
    const grant: DeviceGrant = {
      id: random.uuid(),
      deviceCode,
      userCode: `${chars.slice(0, 4)}-${chars.slice(4)}`,
      expiresAt: clock.now() + config.deviceCodeTtl * 1000,
    };
    await grants.add(grant);
    const origin = new URL(c.req.url).origin;
    return c.json(
      {
        id: grant.id,
        completed: false,
        device_code: deviceCode,
        user_code: grant.userCode,
        // The page the vendor's CLI opens itself, so the URL served and the URL opened are one; in a
        // namespace, under its path prefix: the browser it is opened in cannot send the header.
        verification_url: `${origin}${services.basePath}${DEVICE_PAGE_PATH}?code=${grant.userCode}`,
        expires_at: new Date(grant.expiresAt).toISOString(),
        expires_in: config.deviceCodeTtl,
      },
      200,
      NO_STORE,
    );
  };

  const token: DeviceLogin['token'] = async (c, op) => {
    let body: ParsedBody;
    try {
      body = await readJson(c, op.errors);
    } catch (error) {
      // FastAPI answers a body that is not JSON as a model validation error, not with its 400.
      if (!(error instanceof MockError) || error.spec !== op.errors.mediaType) throw error;
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
    const value = validateBody(op.validate, body.present ? body.value : {}, E.VALIDATION_ERROR);
    const grant = await grants.byDeviceCode(value.device_code);
    if (!grant) throw new MockError(E.INVALID_DEVICE_CODE);
    if (grant.expiresAt <= clock.now()) {
      await grants.delete(grant);
      throw new MockError(E.EXPIRED_DEVICE_CODE);
    }
    if (grant.approvedBy === undefined && config.deviceApproval === 'auto') {
      grant.approvedBy = users.first()?.username;
    }
    if (grant.approvedBy === undefined) throw new MockError(E.AUTHORIZATION_PENDING);
    // A device code is exchanged once: a second poll with it must not mint a second session.
    if (!(await grants.take(grant))) throw new MockError(E.INVALID_DEVICE_CODE);
    const user = users.get(grant.approvedBy);
    if (!user) {
      throw new MockError(E.AUTHENTICATION_FAILED, { message: 'The approving user no longer exists' });
    }
    const session = await sessions.open(random.uuid(), 'dreadnode', user.username, config.refreshTtl);
    const { access, refresh, cookies } = await pairs.issue(c, session, user);
    setCookies(c, cookies);
    return c.json({ access_token: access.token, refresh_token: refresh }, 200, NO_STORE);
  };

  return { grants, code, token };
}
