import t from 'tap';
import type { BaselineEntry } from '../model.js';
import { caseOf, finding, skippedCase } from './cases.js';
import { applyBaseline, type BaselineContext, classifyCase } from './classify.js';

const TODAY = '2026-06-15';
const context = (entries: BaselineEntry[], strict = false): BaselineContext => ({
  file: 'b.json',
  entries,
  strict,
  today: TODAY,
});
const server = () => finding('not_a_server_error', 'Server error');
const schema = () => finding('response_schema_conformance', 'Response violates the documented schema');

t.test('an entry matches by case, check and title, never by message', async (t) => {
  const entries: BaselineEntry[] = [{ case: 'a', check: 'not_a_server_error', reason: 'r' }];
  const first = classifyCase(caseOf('a', [server()]), context(entries));
  const second = classifyCase(caseOf('a', [server()]), context(entries));
  t.equal(first.baseline, 'known');
  t.equal(second.baseline, 'known', 'another run, another message: still known');
  t.equal(classifyCase(caseOf('b', [server()]), context(entries)).baseline, 'new', 'another case');
  const byTitle = context([{ case: 'a', title: 'Server error', reason: 'r' }]);
  t.equal(classifyCase(caseOf('a', [server()]), byTitle).baseline, 'known', 'title alone');
  const both = context([{ case: 'a', check: 'not_a_server_error', title: 'Other', reason: 'r' }]);
  t.equal(classifyCase(caseOf('a', [server()]), both).baseline, 'new', 'check and title must both match');
});

t.test('a case is known only when every failing finding is', async (t) => {
  const c = classifyCase(
    caseOf('a', [server(), schema()]),
    context([{ case: 'a', check: 'not_a_server_error', reason: 'r' }]),
  );
  t.equal(c.baseline, 'new');
  t.same(
    c.failures.map((f) => f.baseline),
    [{ standing: 'known', reason: 'r' }, { standing: 'new' }],
  );
});

t.test('expires is the last day the entry applies', async (t) => {
  const on = (expires: string) =>
    classifyCase(
      caseOf('a', [server()]),
      context([{ case: 'a', check: 'not_a_server_error', reason: 'r', expires }]),
    );
  t.equal(on(TODAY).baseline, 'known', 'on its last day');
  t.equal(on('2026-06-14').baseline, 'new', 'the day after');
  t.same(on('2026-06-14').failures[0]?.baseline, { standing: 'expired', reason: 'r', expires: '2026-06-14' });
  const both = context([
    { case: 'a', check: 'not_a_server_error', reason: 'old', expires: '2020-01-01' },
    { case: 'a', title: 'Server error', reason: 'renewed' },
  ]);
  t.same(classifyCase(caseOf('a', [server()]), both).failures[0]?.baseline, {
    standing: 'known',
    reason: 'renewed',
  });
});

t.test(
  'should findings fail nothing without --strict, so they stand nowhere; with it they count',
  async (t) => {
    const warned = caseOf('a', [finding('assertion', 'Token response is cacheable', 'should')]);
    t.equal(warned.status, 'passed');
    t.equal(classifyCase(warned, context([])), warned, 'a passed case comes back as it is');
    const strict = caseOf('a', [finding('assertion', 'Token response is cacheable', 'should')], true);
    t.equal(classifyCase(strict, context([], true)).baseline, 'new');
    t.equal(
      classifyCase(strict, context([{ case: 'a', check: 'assertion', reason: 'r' }], true)).baseline,
      'known',
    );
  },
);

t.test('a failed case with no failing finding is keyed as "Case could not complete"', async (t) => {
  const broken = { ...caseOf('a', []), status: 'failed' as const, reason: 'session bootstrap failed' };
  t.equal(classifyCase(broken, context([])).baseline, 'new');
  t.equal(
    classifyCase(broken, context([{ case: 'a', title: 'Case could not complete', reason: 'r' }])).baseline,
    'known',
  );
});

t.test(
  'the summary: failures counted once per case, check and title; stale and unchecked entries',
  async (t) => {
    const cases = [
      caseOf('known', [server(), server()]),
      caseOf('new', [schema()]),
      caseOf('expired', [server()]),
      caseOf('fixed', []),
      skippedCase('skipped'),
    ];
    const entries: BaselineEntry[] = [
      { case: 'known', check: 'not_a_server_error', reason: 'r' },
      { case: 'expired', check: 'not_a_server_error', reason: 'r', expires: '2026-01-01' },
      { case: 'fixed', check: 'not_a_server_error', reason: 'r' },
      { case: 'skipped', check: 'not_a_server_error', reason: 'r' },
      { case: 'not.selected', check: 'not_a_server_error', reason: 'r' },
    ];
    const { cases: classified, summary } = applyBaseline(cases, context(entries));
    t.same(summary, {
      file: 'b.json',
      entries: 5,
      known: 1,
      new: 1,
      expired: 1,
      stale: [{ case: 'fixed', check: 'not_a_server_error', reason: 'r' }],
      unchecked: 2,
    });
    t.same(
      classified.map((c) => c.baseline),
      ['known', 'new', 'new', undefined, undefined],
    );
  },
);
