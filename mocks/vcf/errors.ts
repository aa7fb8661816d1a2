import { INVALID_DIRECTIVE } from '../core/directives.js';
import type { ErrorSpec } from '../core/mock-error.js';

/**
 * VMware Cloud Foundation's errors as the mock raises them, in the statuses of docs/profiles/vcf.md.
 * VMware's OpenAPI (vmware/vcf-sdk-go specs/swagger.json) documents 400 and 500 for login, 400, 404 and
 * 500 for refresh and nothing but 204 for revoke; the 401 for bad credentials and every error of revoke
 * are tokenrig's assumptions. The `errorCode` strings are the mock's own (VMware documents the field,
 * not its values), so a runner must not check them.
 */
export const VCF_ERRORS = {
  INVALID_REQUEST: {
    code: 'VCF_INVALID_REQUEST',
    status: 400,
    message: 'The request is invalid.',
    provenance: 'assumed',
  },
  MALFORMED_JSON: {
    code: 'VCF_MALFORMED_REQUEST_BODY',
    status: 400,
    message: 'The request body is not valid JSON.',
    provenance: 'assumed',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: 'VCF_UNSUPPORTED_MEDIA_TYPE',
    status: 400,
    message: 'The request body must be application/json.',
    provenance: 'assumed',
  },
  PAYLOAD_TOO_LARGE: {
    code: 'VCF_REQUEST_TOO_LARGE',
    status: 400,
    message: 'The request body is too large.',
    provenance: 'assumed',
  },
  CREDENTIALS_REQUIRED: {
    code: 'VCF_CREDENTIALS_REQUIRED',
    status: 400,
    message: 'Provide username and password, apiKey or idToken.',
    operations: ['login'],
    provenance: 'assumed',
  },
  INVALID_CREDENTIALS: {
    code: 'VCF_AUTHENTICATION_FAILED',
    status: 401,
    message: 'Authentication failed: invalid username, password, API key or id token.',
    operations: ['login'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_NOT_FOUND: {
    code: 'VCF_REFRESH_TOKEN_NOT_FOUND',
    status: 404,
    message: 'Refresh token not found, expired or revoked.',
    operations: ['refresh', 'revoke'],
    provenance: 'assumed',
  },
  NOT_FOUND: { code: 'VCF_NOT_FOUND', status: 404, message: 'Not found.', provenance: 'assumed' },
  METHOD_NOT_ALLOWED: {
    code: 'VCF_METHOD_NOT_ALLOWED',
    status: 405,
    message: 'Method not allowed.',
    provenance: 'assumed',
  },
  INTERNAL: {
    code: 'VCF_INTERNAL_SERVER_ERROR',
    status: 500,
    message: 'Internal server error.',
    provenance: 'documented',
  },
  DIRECTIVE: INVALID_DIRECTIVE,
} as const satisfies Record<string, ErrorSpec>;
