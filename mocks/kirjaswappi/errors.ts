import { INVALID_DIRECTIVE } from '../core/directives.js';
import type { ErrorSpec } from '../core/mock-error.js';

/**
 * KirjaSwappi's errors as the mock raises them. Codes and messages are the vendor's own
 * (KirjaSwappi/kirjaswappi-backend: GlobalExceptionHandler, AuthenticationRequest, AdminUserService,
 * src/main/resources/messages/messages.properties); statuses are the ones its API reference (bump.sh,
 * kirjaswappi/backend-api) lists: login 400, 401, 404; refresh 400, 401, 404, 500. Problems the vendor
 * answers with a status it does not document (Spring's 415, a 413) are answered 400 here, in the
 * envelope; the `framework-415` quirk gives Spring's own answer instead.
 */
export const KIRJASWAPPI_ERRORS = {
  // First of login's 400s: what `Prefer: code=400` answers on login.
  USERNAME_BLANK: {
    code: 'usernameCannotBeBlank',
    status: 400,
    message: 'Please provide a username.',
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
    provenance: 'observed',
  },
  INVALID_JSON_PAYLOAD: {
    code: 'invalidJsonPayload',
    status: 400,
    message: 'Request body contains invalid JSON',
    provenance: 'observed',
  },
  INVALID_ARGUMENT: {
    code: 'invalidArgument',
    status: 400,
    message: 'Invalid request argument',
    provenance: 'observed',
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
  // The vendor's code and message; that refresh answers it (not a 500) is the mock's assumption.
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
    provenance: 'observed',
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

/**
 * Errors the vendor builds in a handler without a target (ErrorResponse.Error(code, message)); the
 * BusinessException family carries the request path as its target (ErrorUtils).
 */
export const UNTARGETED: ReadonlySet<ErrorSpec> = new Set<ErrorSpec>([
  KIRJASWAPPI_ERRORS.INVALID_JSON_PAYLOAD,
  KIRJASWAPPI_ERRORS.INVALID_ARGUMENT,
  KIRJASWAPPI_ERRORS.UNSUPPORTED_CONTENT_TYPE,
  KIRJASWAPPI_ERRORS.PAYLOAD_TOO_LARGE,
  KIRJASWAPPI_ERRORS.METHOD_NOT_ALLOWED,
  KIRJASWAPPI_ERRORS.INTERNAL,
  KIRJASWAPPI_ERRORS.DIRECTIVE,
]);

/**
 * Spring Boot's own answers, given only by the quirks: rendered as its default error body
 * `{timestamp, status, error, path}`, never the envelope, and kept out of the catalogue so that no
 * `Prefer` directive picks them.
 */
export const SPRING_DEFAULT_ERRORS = {
  UNSUPPORTED_MEDIA_TYPE: {
    code: 'springUnsupportedMediaType',
    status: 415,
    message: 'Unsupported Media Type',
    provenance: 'observed',
  },
  INTERNAL_SERVER_ERROR: {
    code: 'springInternalServerError',
    status: 500,
    message: 'Internal Server Error',
    operations: ['refresh'],
    provenance: 'observed',
  },
} as const satisfies Record<string, ErrorSpec>;
