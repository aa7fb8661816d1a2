import type { ErrorSpec } from '../core/mock-error.js';

/**
 * Dreadnode's errors as the mock raises them, each rendered in the canonical envelope
 * `{status, message, type, details}` with `code` as `type`. The refresh statuses and their messages are
 * seed 002's response descriptions; the page lost its field names and values, so every `type` string
 * is the mock's own snake_case (FastAPI's convention) and a runner must not check them. The device
 * login entries are reconstructed from the vendor's CLI, which polls while it gets 401.
 */
export const DREADNODE_ERRORS = {
  INVALID_REQUEST: {
    code: 'invalid_request',
    status: 400,
    message: 'Invalid request',
    provenance: 'documented',
  },
  AUTHENTICATION_FAILED: {
    code: 'authentication_failed',
    status: 401,
    message: 'Authentication failed',
    operations: ['refresh'],
    provenance: 'documented',
  },
  NOT_AUTHENTICATED: {
    code: 'not_authenticated',
    status: 401,
    message: 'Not authenticated: send the refresh token as the refresh_token cookie or in the body',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  INVALID_REFRESH_TOKEN: {
    code: 'invalid_refresh_token',
    status: 401,
    message: 'Refresh token is invalid',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_EXPIRED: {
    code: 'refresh_token_expired',
    status: 401,
    message: 'Refresh token has expired; log in again',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_REUSED: {
    code: 'refresh_token_reused',
    status: 401,
    message: 'Refresh token was already used; the session has been revoked, log in again',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_REVOKED: {
    code: 'refresh_token_revoked',
    status: 401,
    message: 'Refresh token has been revoked; log in again',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  AUTHORIZATION_PENDING: {
    code: 'authorization_pending',
    status: 401,
    message: 'Device login not approved yet',
    operations: ['device-token'],
    provenance: 'reconstructed',
  },
  INVALID_DEVICE_CODE: {
    code: 'invalid_device_code',
    status: 401,
    message: 'Device code is invalid or has already been used',
    operations: ['device-token'],
    provenance: 'assumed',
  },
  EXPIRED_DEVICE_CODE: {
    // RFC 8628 §3.5's name for a device code past its lifetime.
    code: 'expired_token',
    status: 401,
    message: 'Device code has expired; start the device login again',
    operations: ['device-token'],
    provenance: 'assumed',
  },
  ACCESS_FORBIDDEN: {
    code: 'access_forbidden',
    status: 403,
    message: 'Access forbidden',
    provenance: 'documented',
  },
  NOT_FOUND: { code: 'not_found', status: 404, message: 'Not found', provenance: 'documented' },
  INVALID_USER_CODE: {
    code: 'invalid_user_code',
    status: 404,
    message: 'No pending device login has this user code',
    operations: ['device-verify'],
    provenance: 'assumed',
  },
  METHOD_NOT_ALLOWED: {
    code: 'method_not_allowed',
    status: 405,
    message: 'Method Not Allowed',
    provenance: 'assumed',
  },
  ALREADY_EXISTS: {
    code: 'already_exists',
    status: 409,
    message: 'Already exists',
    provenance: 'documented',
  },
  VALIDATION_ERROR: {
    code: 'validation_error',
    status: 422,
    message: 'Validation error',
    provenance: 'documented',
  },
  PAYLOAD_TOO_LARGE: {
    // 422, not 400: one body-limit error serves every operation, and device-token documents no 400.
    code: 'payload_too_large',
    status: 422,
    message: 'Request body too large',
    provenance: 'assumed',
  },
  UPGRADE_REQUIRED: {
    code: 'upgrade_required',
    status: 426,
    message: 'Upgrade required',
    provenance: 'documented',
  },
  RATE_LIMITED: { code: 'rate_limited', status: 429, message: 'Rate limited', provenance: 'documented' },
  INTERNAL: {
    code: 'internal_server_error',
    status: 500,
    message: 'Internal server error',
    provenance: 'documented',
  },
  BAD_GATEWAY: { code: 'bad_gateway', status: 502, message: 'Bad gateway', provenance: 'documented' },
  GATEWAY_TIMEOUT: {
    code: 'gateway_timeout',
    status: 504,
    message: 'Gateway timeout',
    provenance: 'documented',
  },
  DIRECTIVE: {
    // 422 is the one error status both body-taking operations document.
    code: 'tokenrig_invalid_directive',
    status: 422,
    message: 'tokenrig cannot honour this Prefer directive',
    provenance: 'assumed',
  },
} as const satisfies Record<string, ErrorSpec>;
