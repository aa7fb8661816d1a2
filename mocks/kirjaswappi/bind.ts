import { type ParsedBody, readJson } from '../core/body.js';
import type { ErrorRoles } from '../core/catalogue.js';
import { MockError } from '../core/mock-error.js';
import type { QuirkFlag } from '../core/quirks.js';
import type { MockContext } from '../core/types.js';
import { KIRJASWAPPI_ERRORS as E, SPRING_DEFAULT_ERRORS as SPRING } from './errors.js';

/** What Spring's JSON converter reads: the Accept-Post of its 415 (framework-415 quirk). */
const SPRING_JSON_TYPES = 'application/json, application/*+json';

/**
 * The JSON body bound to the vendor's request class as Jackson binds it: String fields take strings
 * and coerce numbers and booleans; null and absent fields are null; an object or array where a string
 * belongs, or a body that is not an object, fails to bind (the vendor's invalidJsonPayload).
 */
export async function bind<F extends string>(
  c: MockContext,
  errors: ErrorRoles,
  framework415: QuirkFlag,
  fields: readonly F[],
): Promise<Record<F, string | undefined>> {
  let body: ParsedBody;
  try {
    body = await readJson(c, errors);
  } catch (error) {
    if (!(error instanceof MockError)) throw error;
    // The vendor's handler answers every unreadable body with one fixed message and nothing else;
    // the parser's own message would quote the body, a refresh token included.
    if (error.spec === E.INVALID_JSON_PAYLOAD) throw new MockError(E.INVALID_JSON_PAYLOAD);
    if (error.spec === E.UNSUPPORTED_CONTENT_TYPE && framework415.on) {
      throw new MockError(SPRING.UNSUPPORTED_MEDIA_TYPE, { headers: { 'Accept-Post': SPRING_JSON_TYPES } });
    }
    throw error;
  }
  // @RequestBody is required: Spring refuses a missing body as unreadable.
  if (!body.present) throw new MockError(E.INVALID_JSON_PAYLOAD);
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MockError(E.INVALID_JSON_PAYLOAD);
  }
  const bound: Partial<Record<F, string | undefined>> = {};
  for (const field of fields) {
    // A plain object, checked just above: its members are read by name.
    const raw: unknown = (value as Record<string, unknown>)[field];
    if (raw === undefined || raw === null) bound[field] = undefined;
    else if (typeof raw === 'string') bound[field] = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') bound[field] = String(raw);
    else throw new MockError(E.INVALID_JSON_PAYLOAD);
  }
  // Every field has just been given a value (or the loop has thrown).
  return bound as Record<F, string | undefined>;
}
