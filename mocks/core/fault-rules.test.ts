import t from 'tap';
import { FaultRules } from './fault-rules.js';

const always = () => 0;

t.test('matches by profile and operation, first rule wins', (t) => {
  const rules = new FaultRules();
  rules.add({ profile: 'vcf', operation: 'refresh', status: 500 }, 0);
  rules.add({ profile: 'vcf', status: 400 }, 0);
  t.same(rules.match('vcf', 'refresh', always), { id: 'rule-1', directives: { code: 500 } });
  t.same(rules.match('vcf', 'login', always), { id: 'rule-2', directives: { code: 400 } });
  t.equal(rules.match('flolive', 'refresh', always), undefined);
  t.end();
});

t.test('count: a rule disappears once used up', async (t) => {
  const rules = new FaultRules();
  rules.add({ error: 'AUTH_1002', count: 2 }, 0);
  t.match(rules.list()[0], { count: 2, remaining: 2, hits: 0 });
  t.same((await rules.match('flolive', 'refresh', always))?.directives, { error: 'AUTH_1002' });
  t.match(rules.list()[0], { count: 2, remaining: 1, hits: 1 }, 'count stays as sent');
  t.same((await rules.match('flolive', 'refresh', always))?.directives, { error: 'AUTH_1002' });
  t.equal(rules.match('flolive', 'refresh', always), undefined);
  t.same(rules.list(), []);
  t.end();
});

t.test('probability: fires only when the roll is under it, and counts hits', (t) => {
  const rules = new FaultRules();
  rules.add({ delay: 5, fault: 'reset', probability: 0.25 }, 0);
  t.equal(
    rules.match('vcf', 'login', () => 0.5),
    undefined,
  );
  t.same(
    rules.match('vcf', 'login', () => 0.1),
    { id: 'rule-1', directives: { delayMs: 5, fault: 'reset' } },
  );
  t.equal(rules.list()[0]?.hits, 1);
  t.end();
});

t.test('ids, delete, clear and reset', (t) => {
  const rules = new FaultRules();
  rules.add({ status: 500 }, 0);
  rules.add({ status: 500 }, 0);
  t.equal(rules.delete('rule-1'), true);
  t.equal(rules.delete('rule-1'), false);
  rules.clear();
  t.same(rules.list(), []);
  t.equal(rules.add({ status: 500 }, 0).id, 'rule-3', 'clearing the rules does not reuse ids');
  rules.reset();
  t.same(rules.list(), []);
  t.equal(rules.add({ status: 500 }, 0).id, 'rule-1', 'a reset restarts them');
  t.end();
});

t.test(
  'shared counts: each use is taken from the store, and a rule used up elsewhere is dropped',
  async (t) => {
    // What the shared store (mocks/core/shared-control.ts) answers, kept here: the count is another
    // process's as much as this one's, so a use may find none left.
    const left = new Map([['rule-1', 1]]);
    const rules = new FaultRules({
      uses: async (rule) => {
        const remaining = (left.get(rule.id) ?? 0) - 1;
        left.set(rule.id, remaining);
        return remaining < 0 ? undefined : { hits: 7, remaining };
      },
    });
    rules.add({ status: 500, count: 3 }, 0);
    rules.add({ status: 503 }, 0);
    left.set('rule-2', 100);
    t.same(await rules.match('vcf', 'refresh', always), { id: 'rule-1', directives: { code: 500 } });
    t.same(
      rules.list().map((r) => r.id),
      ['rule-2'],
      'its last use taken: the rule goes, though 3 were sent',
    );
    left.set('rule-1', 0);
    t.same(await rules.match('vcf', 'refresh', always), { id: 'rule-2', directives: { code: 503 } });
    t.equal(rules.list()[0]?.hits, 7, 'hits are the shared count');
    rules.restore({
      seq: 2,
      rules: [{ id: 'rule-1', status: 500, count: 3, remaining: 2, hits: 1, createdAt: 0 }],
    });
    t.same(
      await rules.match('vcf', 'refresh', always),
      undefined,
      'used up elsewhere: no fault, and dropped',
    );
    t.same(rules.list(), []);
    t.equal(rules.add({ status: 400 }, 0).id, 'rule-3', 'ids go on from the restored sequence');
  },
);
