/**
 * What each profile's contract under schemas/<profile>/ must declare, exactly: its operations, their
 * status sets and pinned provenance (docs/profiles/<id>.md), and the schema files it ships.
 */

export interface Operation {
  method: string;
  path: string;
  statuses: string[];
  /** provenance of selected responses that the contract pins down */
  provenance?: Record<string, string>;
}

/** The exact operations and response statuses of every profile (docs/profiles/<id>.md). */
export const EXPECTED: Record<string, Record<string, Operation>> = {
  vcf: {
    login: {
      method: 'post',
      path: '/v1/tokens',
      statuses: ['200', '201', '400', '401', '500'],
      // VMware's OpenAPI: 201, 400, 500; its "Tokens APIs" guide: 200. The 401 is tokenrig's.
      provenance: {
        '200': 'documented',
        '201': 'documented',
        '400': 'documented',
        '401': 'assumed',
        '500': 'documented',
      },
    },
    refresh: {
      method: 'patch',
      path: '/v1/tokens/access-token/refresh',
      statuses: ['200', '400', '404', '500'],
      provenance: { '200': 'documented', '400': 'documented', '404': 'documented', '500': 'documented' },
    },
    revoke: {
      method: 'delete',
      path: '/v1/tokens/refresh-token',
      // VMware documents 204 only; the mock's 400 and 404 are listed as what they are.
      statuses: ['204', '400', '404'],
      provenance: { '204': 'documented', '400': 'assumed', '404': 'assumed' },
    },
  },
  'oracle-commerce': {
    login: {
      method: 'post',
      path: '/ccstore/v1/login',
      statuses: ['200', 'default'],
      provenance: { default: 'documented' },
    },
    refresh: {
      method: 'post',
      path: '/ccstore/v1/refresh',
      statuses: ['200', 'default'],
      provenance: { '200': 'documented', default: 'documented' },
    },
    verify: {
      method: 'post',
      path: '/ccstore/v1/verify',
      statuses: ['200', 'default'],
      provenance: { '200': 'documented', default: 'documented' },
    },
    logout: {
      method: 'post',
      path: '/ccstore/v1/logout',
      statuses: ['200', 'default'],
      provenance: { '200': 'documented', default: 'documented' },
    },
  },
  dreadnode: {
    'device-code': { method: 'post', path: '/api/auth/device/code', statuses: ['200'] },
    'device-token': {
      method: 'post',
      path: '/api/auth/device/token',
      statuses: ['200', '400', '401', '422'],
      provenance: { '400': 'observed', '401': 'observed', '422': 'observed' },
    },
    refresh: {
      method: 'post',
      path: '/api/auth/refresh',
      statuses: ['200', '400', '401', '403', '404', '409', '422', '426', '429', '500', '502', '504'],
      provenance: {
        '200': 'documented',
        '400': 'documented',
        '401': 'documented',
        '429': 'documented',
        '504': 'documented',
      },
    },
    user: {
      method: 'get',
      path: '/api/user',
      statuses: ['200', '401'],
      provenance: { '200': 'observed', '401': 'observed' },
    },
  },
  flolive: {
    login: {
      method: 'post',
      path: '/api/v2/auth/token',
      statuses: ['200', 'default'],
      provenance: { default: 'assumed' },
    },
    refresh: {
      method: 'put',
      path: '/api/v2/auth/token',
      statuses: ['200', 'default'],
      provenance: { '200': 'documented', default: 'assumed' },
    },
  },
  kirjaswappi: {
    // The login statuses per the reference's login operation; the refresh statuses per its refresh page.
    login: {
      method: 'post',
      path: '/api/v1/authenticate',
      statuses: ['200', '400', '401', '404'],
      provenance: { '200': 'documented', '400': 'documented', '401': 'documented', '404': 'documented' },
    },
    refresh: {
      method: 'post',
      path: '/api/v1/authenticate/refresh',
      statuses: ['200', '400', '401', '404', '500'],
      provenance: {
        '200': 'documented',
        '400': 'documented',
        '401': 'documented',
        '404': 'documented',
        '500': 'documented',
      },
    },
  },
};

/** The schema files each profile must ship (besides openapi.json). */
export const EXPECTED_FILES: Record<string, string[]> = {
  vcf: ['error', 'login.request', 'login.response', 'refresh.request', 'refresh.response', 'revoke.request'],
  'oracle-commerce': [
    'error',
    'login.request',
    'login.response',
    'logout.response',
    'refresh.request',
    'refresh.response',
    'verify.response',
  ],
  dreadnode: [
    'device-code.response',
    'device-token.request',
    'device-token.response',
    'error',
    'refresh.request',
    'refresh.response',
    'user.response',
  ],
  flolive: ['error', 'login.request', 'login.response', 'refresh.request', 'refresh.response'],
  kirjaswappi: ['error', 'login.request', 'login.response', 'refresh.request', 'refresh.response'],
};
