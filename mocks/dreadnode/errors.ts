import type { ErrorSpec } from '../core/mock-error.js';

/**
 * Dreadnode's errors as the mock raises them, each rendered in the canonical envelope
 * `{status, message, type, details}` with `code` as `type`, plus `detail` (the message again), which
 * is what the vendor's clients print (dreadnode/cli `dreadnode_cli/api.py`, `_get_error_message`).
 * The refresh statuses and their messages are the response descriptions of the Dreadnode platform API
 * reference (docs.dreadnode.io), "Refresh Token"; that page lost its field names and values, so every
 * `type` string is the mock's own snake_case (FastAPI's convention) and a runner must not check them.
 * `observed` entries are what the vendor's own code shows (docs/profiles/dreadnode.md lists where).
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
  // GET /api/user: the vendor's client reads any 401 as "authentication expired, log in again".
  USER_NOT_AUTHENTICATED: {
    code: 'not_authenticated',
    status: 401,
    message: 'Not authenticated: send the access token as a bearer or the access_token cookie',
    operations: ['user'],
    provenance: 'observed',
  },
  INVALID_ACCESS_TOKEN: {
    code: 'invalid_access_token',
    status: 401,
    message: 'Access token is invalid',
    operations: ['user'],
    provenance: 'observed',
  },
  ACCESS_TOKEN_EXPIRED: {
    code: 'access_token_expired',
    status: 401,
    message: 'Access token has expired and no refresh_token cookie came with it; log in again',
    operations: ['user'],
    provenance: 'observed',
  },
  INVALID_REFRESH_TOKEN: {
    code: 'invalid_refresh_token',
    status: 401,
    message: 'Refresh token is invalid',
    operations: ['refresh', 'user'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_EXPIRED: {
    code: 'refresh_token_expired',
    status: 401,
    message: 'Refresh token has expired; log in again',
    operations: ['refresh', 'user'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_REUSED: {
    code: 'refresh_token_reused',
    status: 401,
    message: 'Refresh token was already used; the session has been revoked, log in again',
    operations: ['refresh', 'user'],
    provenance: 'assumed',
  },
  REFRESH_TOKEN_REVOKED: {
    code: 'refresh_token_revoked',
    status: 401,
    message: 'Refresh token has been revoked; log in again',
    operations: ['refresh', 'user'],
    provenance: 'assumed',
  },
  // dreadnode/cli v0.2.2 `Client.poll_for_token`: 401 means "not approved yet, poll again".
  AUTHORIZATION_PENDING: {
    code: 'authorization_pending',
    status: 401,
    message: 'Device login not approved yet',
    operations: ['device-token'],
    provenance: 'observed',
  },
  // An earlier vendor server answered a bad device code with 400 `{"detail": "Device code expired"}`
  // (dreadnode/cli `dreadnode_cli/api.py` at commit 9d4cc94, before v0.0.1); v0.2.2 ends the login on
  // any status but 200 and 401 and prints `detail`. The wording for an unknown or used code is the mock's.
  INVALID_DEVICE_CODE: {
    code: 'invalid_device_code',
    status: 400,
    message: 'Device code is invalid or has already been used',
    operations: ['device-token'],
    provenance: 'observed',
  },
  EXPIRED_DEVICE_CODE: {
    // RFC 8628 §3.5's name for a device code past its lifetime; the message is the vendor's own words.
    code: 'expired_token',
    status: 400,
    message: 'Device code expired',
    operations: ['device-token'],
    provenance: 'observed',
  },
  ACCESS_FORBIDDEN: {
    code: 'access_forbidden',
    status: 403,
    message: 'Access forbidden',
    provenance: 'documented',
  },
  NOT_FOUND: { code: 'not_found', status: 404, message: 'Not found', provenance: 'documented' },
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
    // 422: one body-limit error serves both body-taking operations, and 422 is the status both document.
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
