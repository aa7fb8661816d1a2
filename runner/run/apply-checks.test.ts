import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import type { Check } from '../checks/check.js';
import { applyChecks } from './apply-checks.js';

const finding = (name: string, judgesSchema = false): Check => ({
  name,
  ...(judgesSchema ? { judgesSchema } : {}),
  run: () => [{ title: `${name} fired`, message: 'm' }],
});

t.test(
  'a check declaring judgesSchema is left out where the step says schema: false, the others run',
  async (t) => {
    const checks = [
      { check: finding('schema_like', true), severity: 'must' as const },
      { check: finding('plain'), severity: 'should' as const },
    ];
    const reply = exchange({ status: 200 });
    t.same(
      applyChecks(checks, { name: 's', expect: { schema: false } }, reply, []).map((f) => f.check),
      ['plain'],
    );
    t.same(
      applyChecks(checks, { name: 's' }, reply, []).map((f) => `${f.check} ${f.severity}`),
      ['schema_like must', 'plain should'],
    );
  },
);

t.test(
  'a finding on an observed fact is lowered to should; a crashing check is a must failure',
  async (t) => {
    const observed: Check = {
      name: 'observed',
      run: () => [{ title: 't', message: 'm', basis: 'observed' }],
    };
    const crashing: Check = {
      name: 'crashing',
      run: () => {
        throw new Error('boom');
      },
    };
    t.same(
      applyChecks(
        [
          { check: observed, severity: 'must' },
          { check: crashing, severity: 'should' },
        ],
        { name: 's' },
        exchange({ status: 200 }),
        [],
      ),
      [
        { title: 't', message: 'm', check: 'observed', severity: 'should' },
        { check: 'crashing', title: 'Check crashed', message: 'boom', severity: 'must' },
      ],
    );
  },
);

t.test('a check sees only the secrets this request sent', async (t) => {
  let seen: readonly string[] = [];
  const spy: Check = {
    name: 'spy',
    run: (_e, context) => {
      seen = context.sentSecrets;
      return [];
    },
  };
  const reply = exchange({ status: 200 });
  const sent = {
    ...reply,
    request: { ...reply.request, headers: { authorization: 'Bearer T1' }, body: '{"p":"P"}' },
  };
  applyChecks([{ check: spy, severity: 'must' }], { name: 's' }, sent, ['T1', 'P', 'unsent']);
  t.same(seen, ['T1', 'P']);
});
