import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from '../../schemas/load.js';
import { FAULT_KINDS, MAX_DELAY_MS } from '../core/directives.js';

/** The admin API's request bodies, as JSON Schemas; each endpoint checks its body against one. */
// Compiled on first use: an ajv instance compiles the JSON Schema meta-schema first (about 30 ms), a
// tenth of the mock's cold start, for endpoints most sessions never call.
let ajv: ReturnType<typeof createAjv> | undefined;
function lazily(schema: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => {
    ajv ??= createAjv();
    compiled ??= ajv.compile(schema);
    return compiled;
  };
}

export const validateRule = lazily({
  type: 'object',
  additionalProperties: false,
  properties: {
    profile: { type: 'string' },
    operation: { type: 'string' },
    status: { type: 'integer', minimum: 200, maximum: 599 },
    error: { type: 'string', minLength: 1 },
    delay: { type: 'integer', minimum: 0, maximum: MAX_DELAY_MS },
    fault: { enum: [...FAULT_KINDS] },
    count: { type: 'integer', minimum: 1 },
    probability: { type: 'number', minimum: 0, maximum: 1 },
  },
});
export const validateUser = lazily({
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
});
export const validateQuirkSwitch = lazily({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    enable: { type: 'array', items: { type: 'string' } },
    disable: { type: 'array', items: { type: 'string' } },
  },
});
export const validateClock = lazily({
  type: 'object',
  required: ['advance'],
  additionalProperties: false,
  properties: { advance: { type: 'number', minimum: 0, maximum: 10 * 365 * 86_400 } },
});
