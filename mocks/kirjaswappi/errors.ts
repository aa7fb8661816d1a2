import { INVALID_DIRECTIVE } from '../core/directives.js';
import type { ErrorSpec } from '../core/mock-error.js';

/**
 * KirjaSwappi's errors as the mock raises them. Codes and messages are the vendor's own where its
 * source has them (KirjaSwappi/kirjaswappi-backend: GlobalExceptionHandler, AuthenticationRequest,
 * messages.properties); statuses are the ones seed 004 and the vendor's OpenAPI document list
 * (login 400, 401, 404; refresh 400, 401, 404, 500), so problems the vendor would answer with a status
 * it does not document (415, 413) are answered 400 here.
 */
export const KIRJASWAPPI_ERRORS = {
  // First of login's 400s: what `Prefer: code=400` answers on login.
  USERNAME_BLANK: {
    code: 'usernameCannotBeBlank',
    status: 400,
    message: 'Please provide username.',
    operations: ['login'],
    provenance: 'documented',
  },
  PASSWORD_BLANK: {
    code: 'passwordCannotBeBlank',
    status: 400,
    message: 'Please provide password.',
    operations: ['login'],
    provenance: 'documented',
  },
  INVALID_REFRESH_TOKEN: {
    code: 'invalidRefreshToken',
    status: 400,
    message: 'Please provide a valid refresh token.',
    operations: ['refresh'],
    provenance: 'documented',
  },
  INVALID_JSON_PAYLOAD: {
    code: 'invalidJsonPayload',
    status: 400,
    message: 'Request body contains invalid JSON',
    provenance: 'assumed',
  },
  INVALID_ARGUMENT: {
    code: 'invalidArgument',
    status: 400,
    message: 'Invalid request argument',
    provenance: 'assumed',
  },
  UNSUPPORTED_CONTENT_TYPE: {
    code: 'unsupportedContentType',
    status: 400,
    message: 'Content type not supported; send application/json.',
    provenance: 'assumed',
  },
  PAYLOAD_TOO_LARGE: {
    code: 'payloadTooLarge',
    status: 400,
    message: 'The request body is too large.',
    provenance: 'assumed',
  },
  INVALID_CREDENTIALS: {
    code: 'invalidCredentials',
    status: 401,
    message: 'Please provide valid credentials.',
    operations: ['login'],
    provenance: 'documented',
  },
  INVALID_JWT_TOKEN: {
    code: 'invalidJwtToken',
    status: 401,
    message: 'Please provide a valid JWT token.',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  USER_NOT_FOUND: {
    code: 'userNotFound',
    status: 404,
    message: 'User does not exist.',
    operations: ['login', 'refresh'],
    provenance: 'documented',
  },
  PATH_NOT_FOUND: {
    code: 'pathNotFound',
    status: 404,
    message: 'The requested path does not exist.',
    provenance: 'documented',
  },
  METHOD_NOT_ALLOWED: {
    code: 'methodNotAllowed',
    status: 405,
    message: 'Request method not supported.',
    provenance: 'assumed',
  },
  INTERNAL: {
    code: 'internalServerError',
    status: 500,
    message: 'An unexpected error occurred. Please try again later.',
    provenance: 'documented',
  },
  DIRECTIVE: INVALID_DIRECTIVE,
} as const satisfies Record<string, ErrorSpec>;
