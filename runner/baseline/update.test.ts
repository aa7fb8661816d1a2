import t from 'tap';
import type { BaselineEntry } from '../model.js';
import { caseOf, finding, skippedCase } from './cases.js';
import type { BaselineContext } from './classify.js';
import { serializeBaseline } from './file.js';
import { PLACEHOLDER_REASON, updateBaseline } from './update.js';

const context = (entries: BaselineEntry[]): BaselineContext => ({
  file: 'b.json',
  entries,
  strict: false,
  today: '2026-06-15',
});
const server = () => finding('not_a_server_error', 'Server error');

t.test(
  'matching entries keep reason and expiry; new failures get a specific entry with the placeholder',
  async (t) => {
    const previous: BaselineEntry[] = [
      { case: 'b', check: 'not_a_server_error', reason: 'ticket 1', expires: '2027-01-01' },
      { case: 'c', title: 'Server error', reason: 'waiver', expires: '2020-01-01' },
    ];
    const update = updateBaseline(
      [caseOf('a', [server(), server()]), caseOf('b', [server()]), caseOf('c', [server()])],
      context(previous),
    );
    t.same(update.entries, [
      { case: 'a', check: 'not_a_server_error', title: 'Server error', reason: PLACEHOLDER_REASON },
      previous[0],
      previous[1],
    ]);
    t.same(
      update.added.map((e) => e.case),
      ['a'],
      'one entry for two identical findings',
    );
    t.same(update.expired, [previous[1]], 'an expired entry is kept as it is, and named, not renewed');
    t.match(PLACEHOLDER_REASON, /^TODO: say why/);
  },
);

t.test('stale entries go, intermittent and unchecked ones stay', async (t) => {
  const previous: BaselineEntry[] = [
    { case: 'fixed', check: 'not_a_server_error', reason: 'r' },
    { case: 'flaky', check: 'not_a_server_error', reason: 'r', intermittent: true },
    { case: 'skipped', check: 'not_a_server_error', reason: 'r' },
    { case: 'other.profile', check: 'not_a_server_error', reason: 'r' },
  ];
  const update = updateBaseline(
    [caseOf('fixed', []), caseOf('flaky', []), skippedCase('skipped')],
    context(previous),
  );
  t.same(update.removed, [previous[0]]);
  t.same(update.entries, [previous[1], previous[3], previous[2]]);
});

t.test('the same run gives the same file, whatever order the cases finished in', async (t) => {
  const cases = [
    caseOf('z', [server()]),
    caseOf('a', [finding('assertion', 'Unexpected HTTP status'), server()]),
  ];
  const once = serializeBaseline({ entries: updateBaseline(cases, context([])).entries });
  const reversed = serializeBaseline({ entries: updateBaseline([...cases].reverse(), context([])).entries });
  t.equal(reversed, once);
  const twice = updateBaseline(cases, context(updateBaseline(cases, context([])).entries.slice()));
  t.equal(serializeBaseline({ entries: twice.entries }), once, 'updating an updated file changes nothing');
  t.same(twice.added, []);
});
