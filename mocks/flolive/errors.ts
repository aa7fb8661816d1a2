import { INVALID_DIRECTIVE } from '../core/directives.js';
import type { ErrorSpec } from '../core/mock-error.js';

/**
 * floLIVE's errors as the mock raises them (floLIVE knowledge base, kb.flolive.net, API / Security:
 * "Create Token", "Refresh Token"), each rendered as a Failure NAK
 * `{errorCode, errorMessage, content: "", pageable: ""}`. floLIVE documents two codes, AUTH_1001 and
 * AUTH_1002, and neither the HTTP status of a NAK nor its "general failure codes": the statuses here
 * are the defaults of the `nakStatus` and `malformedStatus` settings (the factory applies the
 * configured ones), and every `GEN_` code is the mock's own, so a runner must not check them.
 */
export const FLOLIVE_ERRORS = {
  INVALID_CREDENTIALS: {
    code: 'AUTH_1001',
    status: 401,
    message: 'Invalid credentials',
    operations: ['login'],
    provenance: 'documented',
  },
  INVALID_TOKEN: {
    code: 'AUTH_1002',
    status: 401,
    message: 'Invalid token',
    operations: ['refresh'],
    provenance: 'documented',
  },
  /** A refresh without both tokens: AUTH_1002 at the malformed-body status (docs/profiles/flolive.md). */
  MISSING_TOKEN: {
    code: 'AUTH_1002',
    status: 400,
    message: 'Invalid token',
    operations: ['refresh'],
    provenance: 'assumed',
  },
  MALFORMED_JSON: {
    code: 'GEN_1000',
    status: 400,
    message: 'Malformed request body',
    provenance: 'assumed',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: 'GEN_1001',
    status: 400,
    message: 'Unsupported media type',
    provenance: 'assumed',
  },
  PAYLOAD_TOO_LARGE: {
    code: 'GEN_1002',
    status: 400,
    message: 'Request body too large',
    provenance: 'assumed',
  },
  INVALID_REQUEST: {
    code: 'GEN_1003',
    status: 400,
    message: 'Invalid request parameters',
    provenance: 'assumed',
  },
  NOT_FOUND: { code: 'GEN_1004', status: 404, message: 'Resource not found', provenance: 'assumed' },
  METHOD_NOT_ALLOWED: {
    code: 'GEN_1005',
    status: 405,
    message: 'Method not allowed',
    provenance: 'assumed',
  },
  INTERNAL: {
    code: 'GEN_1006',
    status: 500,
    message: 'Internal server error',
    provenance: 'assumed',
  },
  DIRECTIVE: INVALID_DIRECTIVE,
} as const satisfies Record<string, ErrorSpec>;
