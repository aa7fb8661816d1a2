import t from 'tap';
import { FAULT_RULE_SCHEMA, type FaultRuleRequest } from './fault-rules.js';
import type { FromSchema } from './schema-type.js';

// Checked by the typecheck (npm test runs tsc over the tests): a wrong type here fails the build.
const USER = {
  type: 'object',
  required: ['username'],
  properties: { username: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
} as const;
type User = FromSchema<typeof USER>;

t.test('a schema written as const gives its TypeScript type', (t) => {
  const user: User = { username: 'ann', tags: ['a'] };
  const minimal: User = { username: 'bob' };
  // @ts-expect-error username is required by the schema
  const missing: User = { tags: [] };
  // @ts-expect-error tags holds strings
  const wrong: User = { username: 'x', tags: [1] };
  t.same([user, minimal, missing, wrong].length, 4);
  t.end();
});

t.test('the fault rule: every field optional, the enum as its union', (t) => {
  const rule: FaultRuleRequest = { profile: 'vcf', status: 500, fault: 'reset', count: 2 };
  // @ts-expect-error not one of FAULT_KINDS
  const bad: FaultRuleRequest = { fault: 'explode' };
  t.same(Object.keys(FAULT_RULE_SCHEMA.properties).sort(), [
    'count',
    'delay',
    'error',
    'fault',
    'operation',
    'probability',
    'profile',
    'status',
  ]);
  t.ok(rule && bad);
  t.end();
});
