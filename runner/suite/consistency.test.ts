import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import { consistencyProblem } from './consistency.js';
import type { Step, Suite } from './types.js';

const contract = loadContracts(['flolive']).get('flolive');
const documented = { kind: 'documented', source: 'floLIVE knowledge base, "Refresh Token"' } as const;
const suite = (step: Step, extra: Partial<Suite> = {}): Suite => ({
  profile: 'flolive',
  cases: [
    { id: 'p.op.x', title: 'x', clauses: [documented], steps: [{ name: 'wait', advanceClock: 5 }, step] },
  ],
  ...extra,
});
const refresh = (expect: Step['expect']): Step => ({ name: 's', operation: 'refresh', expect });

t.test('a consistent suite has no problem', async (t) => {
  t.equal(
    consistencyProblem(suite(refresh({ status: ['4XX'], preferStatus: [401, '4XX'] })), contract),
    undefined,
  );
  t.equal(
    consistencyProblem(suite(refresh({ preferStatus: [401] })), contract),
    undefined,
    'any status allowed',
  );
});

t.test('each problem a schema cannot see is named at its pointer', async (t) => {
  const cases: [Suite, string, RegExp][] = [
    [
      suite(refresh({ status: [400, 401], preferStatus: [401, 403] })),
      '/cases/0/steps/1/expect/preferStatus/1',
      /403 is not a status `status` allows \(400, 401\)/,
    ],
    [
      suite(refresh({ status: [401], preferStatus: ['4XX'] })),
      '/cases/0/steps/1/expect/preferStatus/0',
      /4XX is not a status/,
    ],
    [
      suite({ name: 's', operation: 'refrsh' }),
      '/cases/0/steps/1/operation',
      /flolive has no operation refrsh; it has /,
    ],
    [
      suite(refresh({ schemas: { '200': 'nope.schema.json' } })),
      '/cases/0/steps/1/expect/schemas/200',
      /schemas\/flolive\/ has no nope\.schema\.json/,
    ],
    [
      suite({ name: 's', request: { path: '/x' } }),
      '/cases/0/steps/1',
      /a step without an operation needs request\.method and request\.path/,
    ],
    [
      suite({ name: 's', operation: 'refresh', request: { method: 'GET', json: {} } }),
      '/cases/0/steps/1/request',
      /a GET request cannot carry a body/,
    ],
    [
      {
        profile: 'flolive',
        bootstrap: { provides: [], steps: [{ name: 'b', operation: 'refrsh' }] },
        cases: [],
      },
      '/bootstrap/steps/0/operation',
      /no operation refrsh/,
    ],
  ];
  for (const [s, pointer, problem] of cases)
    t.match(consistencyProblem(s, contract), { pointer, problem }, pointer);
  const basis = suite(refresh({}));
  const must = { ...basis, cases: basis.cases.map((c) => ({ ...c, clauses: [] })) };
  t.match(consistencyProblem(must, contract), {
    pointer: '/cases/0',
    problem: /a case \(must by default\) needs a clause/,
  });
});
