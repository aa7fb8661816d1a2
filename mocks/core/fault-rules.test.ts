import t from 'tap';
import { FaultRules } from './fault-rules.js';

const always = () => 0;

t.test('matches by profile and operation, first rule wins', (t) => {
  const rules = new FaultRules();
  rules.add({ profile: 'vcf', operation: 'refresh', status: 500 }, 'a', 0);
  rules.add({ profile: 'vcf', status: 400 }, 'b', 0);
  t.same(rules.match('vcf', 'refresh', always), { code: 500 });
  t.same(rules.match('vcf', 'login', always), { code: 400 });
  t.equal(rules.match('flolive', 'refresh', always), undefined);
  t.end();
});

t.test('count: a rule disappears once used up', (t) => {
  const rules = new FaultRules();
  rules.add({ error: 'AUTH_1002', remaining: 2 }, 'a', 0);
  t.same(rules.match('flolive', 'refresh', always), { error: 'AUTH_1002' });
  t.equal(rules.list()[0]?.remaining, 1);
  t.same(rules.match('flolive', 'refresh', always), { error: 'AUTH_1002' });
  t.equal(rules.match('flolive', 'refresh', always), undefined);
  t.same(rules.list(), []);
  t.end();
});

t.test('probability: fires only when the roll is under it, and counts hits', (t) => {
  const rules = new FaultRules();
  rules.add({ delayMs: 5, fault: 'reset', probability: 0.25 }, 'a', 0);
  t.equal(
    rules.match('vcf', 'login', () => 0.5),
    undefined,
  );
  t.same(
    rules.match('vcf', 'login', () => 0.1),
    { delayMs: 5, fault: 'reset' },
  );
  t.equal(rules.list()[0]?.hits, 1);
  t.end();
});

t.test('delete and clear', (t) => {
  const rules = new FaultRules();
  rules.add({ status: 500 }, 'a', 0);
  rules.add({ status: 500 }, 'b', 0);
  t.equal(rules.delete('a'), true);
  t.equal(rules.delete('a'), false);
  rules.clear();
  t.same(rules.list(), []);
  t.end();
});
