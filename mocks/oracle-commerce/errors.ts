import { INVALID_DIRECTIVE } from '../core/directives.js';
import type { ErrorSpec } from '../core/mock-error.js';

/**
 * Oracle Commerce Cloud's errors as the mock raises them. Every operation documents one `default`
 * errorModel (Oracle Commerce Cloud REST API for Store, "refresh", "login", "verify", "logout"), so any
 * 4xx or 5xx conforms; which status each problem gets is the mock's choice (docs/profiles/oracle-commerce.md).
 * Oracle's "Error messages" page says `errorCode` "uniquely identifies the error" but publishes no list
 * for these operations: the numbers below are the mock's own, in the style of Oracle's examples
 * ("82001", "20031"), and a runner must not check them.
 */
export const ORACLE_ERRORS = {
  // First of the operation-less 400s: what `Prefer: code=400` answers on refresh, verify and logout.
  INVALID_REQUEST: {
    code: '82002',
    status: 400,
    message: 'The request is invalid.',
    provenance: 'assumed',
  },
  MISSING_PARAMETER: {
    code: '28103',
    status: 400,
    message: 'The request is missing required parameters: grant_type, username and password are required.',
    operations: ['login'],
    provenance: 'assumed',
  },
  UNSUPPORTED_GRANT_TYPE: {
    code: '28104',
    status: 400,
    message: 'Unsupported grant_type; shopper login takes grant_type=password.',
    operations: ['login'],
    provenance: 'assumed',
  },
  MALFORMED_JSON: {
    code: '82003',
    status: 400,
    message: 'The request body is not valid JSON.',
    provenance: 'assumed',
  },
  // 415 as the JAX-RS and Spring frameworks answer before any vendor code runs (RFC 9110 §15.5.16).
  UNSUPPORTED_MEDIA_TYPE: {
    code: '82005',
    status: 415,
    message: 'The request body has an unsupported media type.',
    provenance: 'assumed',
  },
  PAYLOAD_TOO_LARGE: {
    code: '82006',
    status: 413,
    message: 'The request body is too large.',
    provenance: 'assumed',
  },
  INVALID_CREDENTIALS: {
    code: '20300',
    status: 401,
    message: 'Invalid login credentials.',
    operations: ['login'],
    provenance: 'assumed',
  },
  INVALID_TOKEN: {
    code: '20060',
    status: 401,
    message: 'The access token is invalid or has expired.',
    operations: ['refresh', 'verify', 'logout'],
    provenance: 'assumed',
  },
  NOT_FOUND: {
    code: '82404',
    status: 404,
    message: 'The requested resource was not found.',
    provenance: 'assumed',
  },
  METHOD_NOT_ALLOWED: {
    code: '82405',
    status: 405,
    message: 'The request method is not allowed for this resource.',
    provenance: 'assumed',
  },
  INTERNAL: {
    code: '10000',
    status: 500,
    message: 'An internal error occurred.',
    provenance: 'assumed',
  },
  DIRECTIVE: INVALID_DIRECTIVE,
} as const satisfies Record<string, ErrorSpec>;
