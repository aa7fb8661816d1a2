import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import type { CaseResult } from '../model.js';
import type { Suite } from '../suite/types.js';
import { FUZZ_BATCH, fuzzTargets, fuzzTasks, isFuzzStep, plannedFuzz, sentFuzz } from './cases.js';

const contract = loadContracts(['kirjaswappi']).get('kirjaswappi');
if (!contract) throw new Error('kirjaswappi contract');
const suite: Suite = {
  profile: 'kirjaswappi',
  bootstrap: {
    provides: ['refresh'],
    steps: [{ name: 'login', operation: 'login', expect: { status: [200] } }],
  },
  cases: [
    {
      id: 'refresh',
      title: 'refresh',
      steps: [
        { name: 'move', advanceClock: 60 },
        { name: 'refused', operation: 'refresh', expect: { status: [401] } },
        { name: 'raw', operation: 'refresh', request: { path: '/elsewhere' } },
        { name: 'refresh', operation: 'refresh', expect: { status: [200] } },
      ],
    },
  ],
};

t.test(
  'one target per operation: its first documented call expecting a success, with its set-up',
  async (t) => {
    const targets = fuzzTargets([{ suite, contract }]);
    t.same(
      targets.map((x) => [x.base.name, x.prefix.map((s) => s.name)]),
      [
        ['login', []],
        ['refresh', ['move', 'refused', 'raw']],
      ],
    );
  },
);

t.test('N requests in batches, round-robin over the targets, reproducible', async (t) => {
  const tasks = fuzzTasks([{ suite, contract }], 25, 1);
  t.same(
    tasks.map((x) => x.c.id),
    ['kirjaswappi.login.negative-1', 'kirjaswappi.refresh.negative-1', 'kirjaswappi.login.negative-2'],
  );
  const generated = tasks.flatMap((x) => x.c.steps.filter((s) => 'operation' in s && isFuzzStep(s)));
  t.equal(generated.length, 25);
  t.equal(tasks[0]?.c.steps.length, FUZZ_BATCH);
  t.same(tasks[2]?.c.title, 'Generated negative requests 10–14 for login');
  t.same(fuzzTasks([{ suite, contract }], 25, 1), tasks, 'same seed, same cases');
  t.same(fuzzTasks([{ suite, contract }], 0, 1), []);
});

t.test('requests and cases counted apart: planned, and as a report shows them sent', async (t) => {
  const tasks = fuzzTasks([{ suite, contract }], 25, 1);
  t.same(plannedFuzz(tasks), { cases: 3, requests: 25 }, '25 requests in 3 cases, never "3 requests"');
  t.same(plannedFuzz(fuzzTasks([{ suite, contract }], 2000, 1)), { cases: 200, requests: 2000 });
  const step = (name: string) => ({ name, method: 'POST', url: 'http://x/', durationMs: 1 });
  const result = (id: string, status: CaseResult['status'], steps: string[]): CaseResult => ({
    profile: 'kirjaswappi',
    id,
    title: id,
    severity: 'must',
    clauses: [],
    tags: ['negative'],
    status,
    failures: [],
    steps: steps.map(step),
    durationMs: 1,
  });
  t.same(
    sentFuzz([
      result('kirjaswappi.refresh.negative-1', 'passed', ['move', 'refused', 'negative #0', 'negative #1']),
      result('kirjaswappi.login.negative-1', 'failed', ['negative #0']),
      result('kirjaswappi.refresh.success', 'failed', ['negative #9']),
    ]),
    { cases: 2, failed: 1, requests: 3 },
    'set-up steps and suite cases are not generated requests',
  );
});
