import { reason } from '../core/catalogue.js';
import type { Clock } from '../core/clock.js';
import type { ErrorSpec } from '../core/mock-error.js';
import type { Envelope } from '../core/render-error.js';
import { SPRING_DEFAULT_ERRORS as SPRING, UNTARGETED } from './errors.js';

/**
 * The vendor's ErrorResponse: `target` is the request path (ErrorUtils), absent where a handler builds
 * the error itself; null members are left out (@JsonInclude NON_NULL), so are empty details. Spring's
 * own errors (the quirks') come in Spring Boot's DefaultErrorAttributes, with include-message: never.
 */
export function kirjaswappiEnvelope(clock: Clock): Envelope {
  return (error, _random, path) => {
    const spec: ErrorSpec = error.spec;
    if (spec === SPRING.UNSUPPORTED_MEDIA_TYPE || spec === SPRING.INTERNAL_SERVER_ERROR) {
      return {
        timestamp: new Date(clock.now()).toISOString().replace('Z', '+00:00'),
        status: error.status,
        error: reason(error.status),
        path,
      };
    }
    const details = error.extra.details ?? [];
    return {
      error: {
        code: spec.code,
        message: error.message,
        ...(UNTARGETED.has(spec) ? {} : { target: path }),
        ...(details.length === 0
          ? {}
          : { details: details.map((d) => ({ code: d.type, message: d.msg, target: path })) }),
      },
    };
  };
}

/** The vendor's error for a status nobody catalogued, its code in the style of its message keys. */
export function kirjaswappiGeneric(status: number): ErrorSpec {
  return { code: camelCase(reason(status)), status, message: `${reason(status)}.`, provenance: 'assumed' };
}

/** `Too Many Requests` → `tooManyRequests`. */
function camelCase(phrase: string): string {
  const words = phrase
    .replace(/[^A-Za-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}
