import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';

// ajv is loaded when an ajv is first made, not with this module (about 45 ms of imports): with the
// build's prebuilt validators a run or a mock often makes none. Both packages are CommonJS.
const require = createRequire(import.meta.url);

/**
 * One ajv for all profiles, configured as every consumer of the schemas expects. `validateSchema`
 * checks each added schema against the JSON Schema meta-schema, which ajv compiles first (about 30 ms).
 */
export function createAjv({
  validateSchema = true,
  source = false,
}: {
  validateSchema?: boolean;
  source?: boolean;
} = {}): Ajv2020 {
  const ajvModule: typeof import('ajv/dist/2020.js') = require('ajv/dist/2020.js');
  const addFormats: typeof import('ajv-formats').default = require('ajv-formats').default;
  const ajv = new ajvModule.Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    validateSchema,
    // Keeps each validator's source, for writing it out as standalone code (precompile.ts).
    ...(source ? { code: { source: true } } : {}),
  });
  // The vendor documents carry OpenAPI-style annotations inside schemas; they are not validation keywords.
  ajv.addKeyword('example');
  ajv.addKeyword('x-tokenrig-provenance');
  addFormats(ajv);
  return ajv;
}
