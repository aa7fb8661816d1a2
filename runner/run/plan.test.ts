import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import type { Suite, SuiteCase } from '../suite/types.js';
import { needsAdmin, order, PlanError, plan, reportOrder, type Task } from './plan.js';

const contracts = loadContracts(['kirjaswappi', 'vcf']);
const kase = (id: string, extra: Partial<SuiteCase> = {}): SuiteCase => ({
  id,
  title: `title of ${id}`,
  steps: [{ name: 'login', operation: 'login' }],
  ...extra,
});
const kirja: Suite = { profile: 'kirjaswappi', cases: [kase('k.b', { tags: ['slow'] }), kase('k.a')] };
const vcf: Suite = { profile: 'vcf', cases: [kase('v.a')] };

t.test('selection: --grep over id, title and tags; profiles in the report order', async (t) => {
  const all = plan({ suites: [kirja, vcf], contracts });
  t.same(all.profiles, ['vcf', 'kirjaswappi']);
  t.equal(all.total, 3);
  const slow = plan({ suites: [kirja, vcf], contracts, grep: /slow/ });
  t.same(
    slow.suites.map((s) => s.cases.map((c) => c.id)),
    [['k.b'], []],
  );
  t.equal(plan({ suites: [kirja], contracts, grep: /title of k\.a/ }).total, 1);
});

t.test('a suite its contract cannot check is a PlanError, before any request', async (t) => {
  t.throws(
    () => plan({ suites: [kirja], contracts: new Map() }),
    new PlanError('kirjaswappi: no contract for this profile; its checks cannot run'),
  );
  const typo: Suite = {
    profile: 'vcf',
    cases: [kase('v.typo', { steps: [{ name: 'go', operation: 'refesh' }] })],
  };
  t.throws(() => plan({ suites: [typo], contracts }), {
    name: 'PlanError',
    message: /v\.typo, step "go": vcf's contract has no operation refesh/,
  });
  const schema: Suite = {
    profile: 'vcf',
    bootstrap: {
      provides: [],
      steps: [{ name: 'in', operation: 'login', expect: { schemas: { '200': 'nope.json' } } }],
    },
    cases: [],
  };
  t.throws(() => plan({ suites: [schema], contracts }), {
    name: 'PlanError',
    message: /bootstrap, step "in": schemas\/vcf\/ has no nope\.json/,
  });
});

t.test('clock-moving cases need the admin API and run alone, after the others', async (t) => {
  const clock = kase('clock', { steps: [{ name: 'move', advanceClock: 60 }] });
  const declared = kase('declared', { requires: ['tokenrig-admin'] });
  t.ok(needsAdmin(clock), 'a clock step, even without requires');
  t.ok(needsAdmin(declared));
  t.notOk(needsAdmin(kase('plain')));
  const contract = contracts.get('vcf');
  if (!contract) throw new Error('vcf contract');
  const tasks: Task[] = [clock, kase('plain'), declared].map((c) => ({ suite: vcf, contract, c }));
  const { shared, alone } = order(tasks);
  t.same(
    shared.map((x) => x.c.id),
    ['plain'],
  );
  t.same(
    alone.map((x) => x.c.id),
    ['clock', 'declared'],
  );
});

t.test('report order: by profile, then as the suite lists its cases', async (t) => {
  const compare = reportOrder(plan({ suites: [kirja, vcf], contracts }));
  const results = [
    { profile: 'kirjaswappi' as const, id: 'k.a' },
    { profile: 'kirjaswappi' as const, id: 'k.b' },
    { profile: 'vcf' as const, id: 'v.a' },
  ];
  t.same(
    results.sort(compare).map((r) => r.id),
    ['v.a', 'k.b', 'k.a'],
  );
});
