import type { Severity } from '../model.js';
import { cacheControlNoStore } from './cache-control-no-store.js';
import type { Check } from './check.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { frameworkErrorBody, frameworkStatus } from './framework-status.js';
import { noSecretEcho } from './no-secret-echo.js';
import { noStackTrace } from './no-stack-trace.js';
import { notAServerError } from './not-a-server-error.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

export interface CheckUse {
  readonly check: Check;
  /** Documented behaviour → must; best practice and assumptions → should (RFC 6749 §5.1, OWASP). */
  readonly severity: Severity;
}

/**
 * Every check run on every response of a documented operation, with the severity it is used at.
 * The executor receives this list explicitly; nothing registers itself on import.
 */
export const CHECKS: readonly CheckUse[] = [
  { check: notAServerError, severity: 'must' },
  { check: statusCodeConformance, severity: 'must' },
  { check: contentTypeConformance, severity: 'must' },
  { check: responseSchemaConformance, severity: 'must' },
  // A framework's 405/415/… is a client error (RFC 9110 §15.5) and conforms: the checks above still
  // demand a 4xx at must; that the vendor does not list it, or that it carries the framework's own body,
  // is only worth a note.
  { check: frameworkStatus, severity: 'should' },
  { check: frameworkErrorBody, severity: 'should' },
  { check: cacheControlNoStore, severity: 'should' },
  { check: noSecretEcho, severity: 'should' },
  { check: noStackTrace, severity: 'should' },
];
