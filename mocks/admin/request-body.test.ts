import t from 'tap';
import { createAjv } from '../../schemas/load.js';
import { FAULT_RULE_SCHEMA } from '../core/fault-rules.js';
import { CLOCK_BODY } from './clock.js';
import { QUIRK_SWITCH_BODY } from './quirks.js';
import { SCENARIO_SWITCH_BODY } from './scenarios.js';
import { USER_BODY } from './users.js';

// The admin API compiles its body schemas without the meta-schema check (start-up cost); this is it.
const BODIES = { CLOCK_BODY, USER_BODY, QUIRK_SWITCH_BODY, FAULT_RULE_SCHEMA, SCENARIO_SWITCH_BODY };

t.test('every admin body schema is a valid JSON Schema 2020-12 document', async (t) => {
  const ajv = createAjv();
  for (const [name, schema] of Object.entries(BODIES)) {
    t.equal(ajv.validateSchema(schema), true, `${name}: ${ajv.errorsText(ajv.errors)}`);
  }
});

t.test('the meta-schema check can fail: a mistyped keyword value is refused', async (t) => {
  const ajv = createAjv();
  t.equal(ajv.validateSchema({ ...CLOCK_BODY, required: 'advance' }), false);
  t.match(ajv.errorsText(ajv.errors), /required/);
});
