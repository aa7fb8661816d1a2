import type { Context } from 'hono';
import { createAjv, type ValidateFunction } from '../../schemas/load.js';
import { toDetails } from '../core/body.js';
import type { FromSchema } from '../core/schema-type.js';
import { AdminError } from './admin-error.js';

// Compiled on first use, for endpoints most sessions never call, and without checking the schemas
// against the JSON Schema meta-schema (compiling that costs more than all four bodies): they are our
// own constants, checked against it by request-body.test.ts.
let ajv: ReturnType<typeof createAjv> | undefined;

/** A validator for one of the admin API's bodies, typed by its schema, compiled on first use. */
export function lazily<const S extends object>(schema: S): () => ValidateFunction<FromSchema<S>> {
  let compiled: ValidateFunction<FromSchema<S>> | undefined;
  return () => {
    ajv ??= createAjv({ validateSchema: false });
    compiled ??= ajv.compile<FromSchema<S>>(schema);
    return compiled;
  };
}

/** The request's JSON body (an empty one is `{}`) as the schema's type, or the admin API's 400. */
export async function readBody<T>(c: Context, validate: ValidateFunction<T>): Promise<T> {
  const raw = await c.req.text();
  let value: unknown;
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    throw new AdminError(
      400,
      'TOKENRIG_MALFORMED_JSON',
      `request body is not JSON: ${(error as Error).message}`,
    );
  }
  if (!validate(value)) {
    throw new AdminError(
      400,
      'TOKENRIG_INVALID_REQUEST',
      'invalid admin request',
      toDetails(validate.errors),
    );
  }
  return value;
}
