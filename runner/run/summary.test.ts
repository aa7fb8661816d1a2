import t from 'tap';
import type { CaseResult, Failure } from '../model.js';
import { exitFor, reportOf, summarize } from './summary.js';

const should: Failure = { check: 'x', title: 't', message: 'm', severity: 'should' };
const result = (id: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult => ({
  profile: 'vcf',
  id,
  title: id,
  severity: 'must',
  clauses: [],
  tags: [],
  status,
  failures: [],
  steps: [],
  durationMs: 0,
  ...extra,
});

t.test('per profile: counts, warnings, and a score over the must cases that ran', async (t) => {
  const cases = [
    result('a', 'passed', { failures: [should, should] }),
    result('b', 'failed'),
    result('c', 'skipped'),
    result('d', 'passed', { severity: 'should' }),
    result('e', 'passed', { profile: 'flolive' }),
  ];
  t.same(summarize(['vcf'], cases), [
    {
      profile: 'vcf',
      total: 4,
      passed: 2,
      failed: 1,
      skipped: 1,
      warnings: 2,
      score: { passed: 1, applicable: 2 },
    },
  ]);
});

t.test('the exit: a halt wins, then any failed case (1), else 0 with the warnings counted', async (t) => {
  const passed = [result('a', 'passed', { failures: [should] })];
  t.same(exitFor(passed, summarize(['vcf'], passed), undefined), {
    exitCode: 0,
    exitReason: 'no must failure in 1 cases (1 should warnings)',
  });
  t.same(exitFor([], [], undefined), { exitCode: 0, exitReason: 'no must failure in 0 cases' });
  const failed = [...passed, result('b', 'failed')];
  t.same(exitFor(failed, [], undefined), { exitCode: 1, exitReason: '1 of 2 cases failed' });
  t.same(exitFor(failed, [], { code: 3, reason: 'vcf: session bootstrap failed' }), {
    exitCode: 3,
    exitReason: 'vcf: session bootstrap failed',
  });
});

t.test('the report carries the run, its summaries and its exit', async (t) => {
  const report = reportOf({
    target: 'http://x',
    embeddedMock: false,
    seed: 7,
    strict: true,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    profiles: ['vcf'],
    cases: [result('b', 'failed')],
  });
  t.match(report, {
    tool: { name: 'tokenrig' },
    seed: 7,
    strict: true,
    exitCode: 1,
    profiles: [{ failed: 1 }],
  });
  t.match(report.tool.version, /^\d+\.\d+\.\d+/);
});
