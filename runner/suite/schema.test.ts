import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createAjv, SCHEMAS_DIR } from '../../schemas/load.js';

// The loader compiles suite.schema.json without validating it against the meta-schema (start-up cost);
// this is where that validation happens instead.
const schema: unknown = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'suite.schema.json'), 'utf8'));

t.test('suite.schema.json is a valid JSON Schema 2020-12 document', async (t) => {
  const ajv = createAjv();
  // A parsed JSON object: what ajv's validateSchema takes.
  t.equal(ajv.validateSchema(schema as object), true, ajv.errorsText(ajv.errors));
});

t.test('the meta-schema check can fail: a mistyped keyword value is refused', async (t) => {
  const ajv = createAjv();
  const broken = { ...(schema as Record<string, unknown>), required: 'profile' };
  t.equal(ajv.validateSchema(broken), false);
  t.match(ajv.errorsText(ajv.errors), /required/);
});
