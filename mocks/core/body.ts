import type { ErrorObject, ValidateFunction } from '../../schemas/load.js';
import { requestText } from './body-limit.js';
import type { ErrorRoles } from './catalogue.js';
import { type ErrorDetail, type ErrorSpec, MockError } from './mock-error.js';
import type { MockContext } from './types.js';

/** The roles a body reader answers its problems with. */
export type BodyErrors = Pick<ErrorRoles, 'malformed' | 'mediaType'>;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json(?:\s*;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded(?:\s*;|$)/i;

export type ParsedBody = { present: false } | { present: true; value: unknown; raw: string };

/**
 * Reads a JSON body. An empty body is reported as absent (the caller decides whether that is allowed);
 * a non-empty body must be declared JSON and parse, or the profile's own error is thrown.
 * `lenient` receives text that is not JSON and may turn it into a value (VMware's bare-UUID quirk).
 */
export async function readJson(
  c: MockContext,
  errors: BodyErrors,
  lenient?: (raw: string) => unknown,
): Promise<ParsedBody> {
  const raw = await requestText(c);
  if (raw.trim() === '') return { present: false };
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new MockError(errors.mediaType, {
      message: `Unsupported media type ${JSON.stringify(type || '(none)')}: send application/json`,
    });
  }
  try {
    return { present: true, value: JSON.parse(raw), raw };
  } catch (error) {
    const value = lenient?.(raw);
    if (value !== undefined) return { present: true, value, raw };
    // V8's message quotes the body, which may hold a token: only the position is repeated back.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const msg = position === undefined ? 'JSON decode error' : `JSON decode error at position ${position}`;
    throw new MockError(errors.malformed, {
      message: `Malformed JSON request body: ${msg}`,
      details: [
        { loc: ['body', ...(position === undefined ? [] : [Number(position)])], msg, type: 'json_invalid' },
      ],
    });
  }
}

/** Reads an `application/x-www-form-urlencoded` body into a plain record (first value wins). */
export async function readForm(c: MockContext, errors: BodyErrors): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  const raw = await requestText(c);
  if (!FORM_TYPE.test(type)) {
    throw new MockError(errors.mediaType, {
      message: `Unsupported media type ${JSON.stringify(type || '(none)')}: send application/x-www-form-urlencoded`,
    });
  }
  const form: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(raw)) if (!(key in form)) form[key] = value;
  return form;
}

/** ajv's errors as FastAPI-style details: where (`loc`), what (`msg`) and the failing keyword (`type`). */
export function toDetails(errors: readonly ErrorObject[] | null | undefined): ErrorDetail[] {
  return (errors ?? []).map((e) => {
    const loc: (string | number)[] = ['body'];
    for (const part of e.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : part);
    if (e.keyword === 'required') loc.push(String(e.params.missingProperty));
    return { loc, msg: e.message ?? e.keyword, type: e.keyword };
  });
}

/**
 * The body as the type the operation's request schema describes, or the profile's `invalid` error. The
 * validator is a type guard and never optional: an operation without one cannot reach this call.
 */
export function validateBody<T>(validate: ValidateFunction<T>, body: unknown, invalid: ErrorSpec): T {
  if (validate(body)) return body;
  const details = toDetails(validate.errors);
  const first = details[0];
  throw new MockError(invalid, {
    message: first
      ? `Invalid request body: ${first.loc.slice(1).join('.') || 'body'} ${first.msg}`
      : undefined,
    details,
    target: first ? String(first.loc[first.loc.length - 1]) : undefined,
  });
}
