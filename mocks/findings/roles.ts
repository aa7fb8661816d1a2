import type { ProfileId } from '../../schemas/load.js';

/** What an operation is to a client's token handling. */
export type OperationRole = 'login' | 'refresh' | 'logout' | 'use' | 'other';

/** What the client findings need to know of a profile: the role of each operation, and rotation. */
export interface ClientProfile {
  readonly roles: Readonly<Record<string, OperationRole>>;
  /** Whether a refresh issues a new refresh token and retires the one presented. */
  readonly rotates: boolean;
}

/**
 * Each profile's operations as a client uses them, known at start-up (mocks/findings/roles.test.ts
 * holds it to the contracts: every operation has a role). Rotation follows the vendors' pages: floLIVE
 * documents "new refresh token created"; Dreadnode's client saves every rotated cookie; VMware and
 * KirjaSwappi keep one refresh token until it expires; Oracle has none (its access token is exchanged).
 */
export const CLIENT_PROFILES: Readonly<Record<ProfileId, ClientProfile>> = {
  vcf: { roles: { login: 'login', refresh: 'refresh', revoke: 'logout' }, rotates: false },
  'oracle-commerce': {
    roles: { login: 'login', refresh: 'refresh', verify: 'use', logout: 'logout' },
    rotates: false,
  },
  dreadnode: {
    // The device code only starts a login; the device token's 200 is the login. `user` refreshes too
    // when it carries an expired access token and a refresh cookie (the vendor's server-side refresh).
    roles: { 'device-code': 'other', 'device-token': 'login', refresh: 'refresh', user: 'use' },
    rotates: true,
  },
  flolive: { roles: { login: 'login', refresh: 'refresh' }, rotates: true },
  kirjaswappi: { roles: { login: 'login', refresh: 'refresh' }, rotates: false },
};
