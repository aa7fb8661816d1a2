import t from 'tap';
import { caseOf, finding } from '../baseline/cases.js';
import { EXIT } from '../exit-codes.js';
import type { BaselineSummary, CaseResult } from '../model.js';
import { exitFor, gatingFailures, staleExit, summarize } from './summary.js';

const failed = (id: string, baseline?: 'known' | 'new'): CaseResult => ({
  ...caseOf(id, [finding('not_a_server_error', 'Server error')]),
  ...(baseline ? { baseline } : {}),
});
const summary = (stale: BaselineSummary['stale'] = []): BaselineSummary => ({
  file: 'kf.json',
  entries: 3,
  known: 1,
  new: 0,
  expired: 0,
  stale,
  unchecked: 0,
});
const exit = (cases: CaseResult[], baseline?: BaselineSummary) =>
  exitFor(cases, summarize(['flolive'], cases), undefined, baseline);

t.test('known failed cases do not fail the run; new ones do', async (t) => {
  t.same(
    gatingFailures([failed('a', 'known'), failed('b', 'new'), failed('c'), caseOf('d', [])]).map((c) => c.id),
    ['b', 'c'],
  );
  t.same(exit([failed('a', 'known'), caseOf('d', [])], summary()), {
    exitCode: EXIT.OK,
    exitReason: 'no new must failure in 2 cases (1 failed, known in the baseline)',
  });
  t.same(exit([failed('a', 'known'), failed('b', 'new')], summary()), {
    exitCode: EXIT.FAILURES,
    exitReason: '1 of 2 cases failed (1 more failed, known in the baseline)',
  });
  t.same(
    exit([failed('a'), caseOf('d', [])]),
    { exitCode: EXIT.FAILURES, exitReason: '1 of 2 cases failed' },
    'no baseline: as before',
  );
  t.same(exit([caseOf('d', [])]), { exitCode: EXIT.OK, exitReason: 'no must failure in 1 cases' });
});

t.test('a stale entry fails a run that has no new failure; an intermittent one does not', async (t) => {
  const entry = { case: 'd', check: 'not_a_server_error', reason: 'r' };
  const stale = [entry];
  t.same(exit([caseOf('d', [])], summary(stale)), {
    exitCode: EXIT.FAILURES,
    exitReason:
      '1 stale baseline entry in kf.json: the failure no longer happens (remove it, or run with --update-baseline)',
  });
  t.equal(staleExit(summary([{ ...entry, intermittent: true }])), undefined);
  t.equal(staleExit(undefined), undefined);
  t.match(
    exit([failed('b', 'new')], summary(stale)).exitReason,
    /^1 of 1 cases failed$/,
    'new failures are named first',
  );
  const halted = exitFor(
    [caseOf('d', [])],
    [],
    { code: EXIT.UNREACHABLE, reason: 'vcf: down' },
    summary(stale),
  );
  t.same(halted, { exitCode: EXIT.UNREACHABLE, exitReason: 'vcf: down' }, 'a halt still wins');
});
