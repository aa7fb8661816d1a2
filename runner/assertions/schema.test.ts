import t from 'tap';
import { createAjv } from '../../schemas/load.js';
import { exchange } from '../../test/helpers/exchange.js';
import type { AssertionContext } from './assertion.js';
import { referencedSchema } from './schema.js';

const validate = createAjv().compile({
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string' } },
});
const files = new Map([['token.schema.json', validate]]);
const context: AssertionContext = {
  severity: 'must',
  render: (v) => v,
  schemas: { has: (f) => files.has(f), get: (f) => files.get(f) },
};
const expect = { schemas: { '200': 'token.schema.json' } };

t.test('schemas: the body matches the file named for its status', async (t) => {
  t.same(referencedSchema.run(exchange({ status: 200, text: '{"token":"x"}' }), expect, context), []);
  t.same(
    referencedSchema.run(exchange({ status: 400, text: 'nope' }), expect, context),
    [],
    'no file for 400',
  );
  t.match(referencedSchema.run(exchange({ status: 200, text: '{"token":1}' }), expect, context), [
    {
      check: 'assertion',
      title: 'Response violates the referenced schema',
      message: 'token.schema.json: /token must be string',
      severity: 'must',
      path: '/token',
      schemaPath: '#/properties/token/type',
    },
  ]);
  t.match(referencedSchema.run(exchange({ status: 200, text: '' }), expect, context), [
    { message: 'token.schema.json: the body is empty' },
  ]);
});

t.test('schemas: a file the profile lacks is a harness error, never a pass', async (t) => {
  t.throws(
    () =>
      referencedSchema.run(
        exchange({ status: 200, text: '{}' }),
        { schemas: { '200': 'gone.json' } },
        context,
      ),
    /gone\.json/,
  );
});
