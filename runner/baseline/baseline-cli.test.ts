// `tokenrig run --baseline` end to end: bin/tokenrig.js as a child process against a broken target
// (tokenrig's mock answering 418 to every error), so every classification comes from a real run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startBrokenTarget } from '../../test/fixtures/targets.js';
import { tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';
import type { BaselineEntry, RunReport } from '../model.js';
import { allFindings } from '../run/fold.js';
import { PLACEHOLDER_REASON } from './update.js';

/** Three failing cases, two passing ones: enough for every standing, quick to run. */
// --grep matches `<id> <title> <tags>`, so the id is anchored at the start and ends at a space.
const GREP =
  '^kirjaswappi\\.(login\\.(success|invalid-credentials|unknown-user)|refresh\\.(success|invalid-token|expired)) ';
const STATUS = 'status_code_conformance';
const UNDOCUMENTED = 'Undocumented HTTP status code';
const UNEXPECTED = 'Unexpected HTTP status';

/** One entry of each kind; the comment says what this run must make of it. */
const MIXED: BaselineEntry[] = [
  // known: both failing findings of the case, one entry by check only, one by check and title
  { case: 'kirjaswappi.login.invalid-credentials', check: STATUS, reason: 'ticket KS-1: 418 for bad logins' },
  {
    case: 'kirjaswappi.login.invalid-credentials',
    check: 'assertion',
    title: UNEXPECTED,
    reason: 'ticket KS-1 again',
  },
  // known, but the case has a second failing finding no entry names: the case is new
  { case: 'kirjaswappi.login.unknown-user', check: STATUS, title: UNDOCUMENTED, reason: 'ticket KS-2' },
  // expired: its last day has passed, so the failure counts as new
  {
    case: 'kirjaswappi.refresh.invalid-token',
    check: STATUS,
    reason: 'waiver until the 2020 release',
    expires: '2020-01-01',
  },
  // stale: the case passes now
  { case: 'kirjaswappi.refresh.success', check: STATUS, reason: 'fixed since' },
  // stale but intermittent: a warning only
  { case: 'kirjaswappi.login.success', title: UNDOCUMENTED, reason: 'flaky proxy', intermittent: true },
  // unchecked: this run does not select the case
  { case: 'vcf.login.ok', check: STATUS, reason: 'not in this run' },
];

async function target(t: Test): Promise<string> {
  const running = await startBrokenTarget('undocumented-status', { apis: ['kirjaswappi'] });
  t.teardown(() => running.close());
  return running.url;
}

function run(url: string, out: string, ...extra: string[]) {
  return tokenrig([
    'run',
    '--api',
    'kirjaswappi',
    '--target',
    url,
    '--grep',
    GREP,
    '--seed',
    '7',
    '--out',
    out,
    ...extra,
  ]);
}

const readReport = (out: string): RunReport => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
const writeEntries = (file: string, entries: readonly BaselineEntry[]): void =>
  writeFileSync(file, `${JSON.stringify({ entries }, null, 2)}\n`);

t.test('known, new, expired and stale entries against a broken target', async (t) => {
  const url = await target(t);
  const dir = t.testdir();
  const file = join(dir, 'known-failures.json');
  writeEntries(file, MIXED);
  const out = join(dir, 'reports');
  const result = await run(
    url,
    out,
    '--baseline',
    file,
    '--reporter',
    'console,json,junit,tap,markdown,html',
  );
  t.equal(result.code, EXIT.FAILURES, 'new and expired failures fail the run');

  const report = readReport(out);
  const byId = new Map(report.cases.map((c) => [c.id, c]));
  t.equal(byId.get('kirjaswappi.login.invalid-credentials')?.baseline, 'known');
  t.same(
    allFindings(byId.get('kirjaswappi.login.invalid-credentials')?.failures ?? []).map(
      (f) => f.baseline?.reason,
    ),
    ['ticket KS-1: 418 for bad logins', 'ticket KS-1 again'],
  );
  const unknownUser = byId.get('kirjaswappi.login.unknown-user');
  t.equal(unknownUser?.baseline, 'new');
  t.same(
    // The unexpected status is folded under the undocumented one; the baseline still names each.
    allFindings(unknownUser?.failures ?? []).map((f) => [f.check, f.baseline?.standing]),
    [
      [STATUS, 'known'],
      ['assertion', 'new'],
    ],
  );
  const invalidToken = byId.get('kirjaswappi.refresh.invalid-token');
  t.equal(invalidToken?.baseline, 'new');
  t.match(invalidToken?.failures[0]?.baseline, { standing: 'expired', expires: '2020-01-01' });
  t.notOk(
    invalidToken?.failures[1]?.baseline,
    'a should finding does not fail its case without --strict, so the baseline has nothing to say of it',
  );
  t.equal(byId.get('kirjaswappi.refresh.expired')?.baseline, 'new');
  t.equal(byId.get('kirjaswappi.refresh.success')?.status, 'passed');
  t.match(report.baseline, {
    file,
    entries: MIXED.length,
    // invalid-credentials ×2 and unknown-user's status finding
    known: 3,
    // unknown-user's assertion, refresh.expired's status finding
    new: 2,
    expired: 1,
    unchecked: 1,
  });
  t.same(
    report.baseline?.stale.map((e) => e.case),
    ['kirjaswappi.refresh.success', 'kirjaswappi.login.success'],
  );
  t.equal(report.exitCode, EXIT.FAILURES);
  t.match(report.exitReason, /^3 of 6 cases failed \(1 more failed, known in the baseline\)$/);

  // Every report says so, in its own terms.
  t.match(result.stderr, /baseline .*known-failures\.json: 3 known, 2 new, 1 expired, 2 stale, 1 not run/);
  t.match(result.stderr, /known failure: ticket KS-1/);
  t.match(result.stderr, /new: its baseline entry expired after 2020-01-01/);
  t.match(result.stderr, /stale: kirjaswappi\.refresh\.success · status_code_conformance no longer fails/);
  t.match(
    result.stdout,
    /not ok \d+ - kirjaswappi\.login\.invalid-credentials .* # TODO known failure: ticket KS-1/,
  );
  t.match(result.stdout, /not ok \d+ - stale: kirjaswappi\.refresh\.success/);
  t.match(result.stdout, /ok \d+ - stale: kirjaswappi\.login\.success .* # SKIP intermittent/);
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  t.match(junit, /<skipped message="known failure: ticket KS-1: 418 for bad logins; ticket KS-1 again"\/>/);
  t.match(junit, /<property name="baseline.expired" value="1"\/>/);
  t.match(junit, /<testcase classname="baseline" name="stale: kirjaswappi\.refresh\.success/);
  const markdown = readFileSync(join(out, 'report.md'), 'utf8');
  t.match(markdown, /3 known, 2 new, 1 expired, 2 stale/);
  t.match(markdown, /### Known failures \(1\)/);
  t.match(readFileSync(join(out, 'report.html'), 'utf8'), /known failure: ticket KS-2/);
});

t.test('only known failures: exit 0; a stale entry alone: exit 1, unless intermittent', async (t) => {
  const url = await target(t);
  const dir = t.testdir();
  const file = join(dir, 'b.json');
  const all: BaselineEntry[] = [
    'login.invalid-credentials',
    'login.unknown-user',
    'refresh.invalid-token',
    'refresh.expired',
  ].map((id) => ({ case: `kirjaswappi.${id}`, check: STATUS, reason: 'known' }));
  all.push({ case: 'kirjaswappi.login.invalid-credentials', check: 'assertion', reason: 'known' });
  all.push({ case: 'kirjaswappi.login.unknown-user', check: 'assertion', reason: 'known' });
  writeEntries(file, all);
  const known = await run(url, join(dir, 'a'), '--baseline', file, '--reporter', 'json');
  t.equal(known.code, EXIT.OK, known.stderr);
  t.match(
    readReport(join(dir, 'a')).exitReason,
    /^no new must failure in 6 cases \(4 failed, known in the baseline/,
  );

  const stale = { case: 'kirjaswappi.refresh.success', check: STATUS, reason: 'fixed since' };
  writeEntries(file, [...all, stale]);
  const staleRun = await run(url, join(dir, 'b'), '--baseline', file, '--reporter', 'json');
  t.equal(staleRun.code, EXIT.FAILURES, 'a stale entry would excuse the failure when it comes back');
  t.match(staleRun.stderr, /1 stale baseline entry in .*b\.json: the failure no longer happens/);

  writeEntries(file, [...all, { ...stale, intermittent: true }]);
  const intermittent = await run(url, join(dir, 'c'), '--baseline', file, '--reporter', 'json');
  t.equal(intermittent.code, EXIT.OK, 'an intermittent entry that did not fail this time is a warning');
  t.equal(readReport(join(dir, 'c')).baseline?.stale.length, 1);
});

t.test('--update-baseline: written from the run, reasons kept, stable across runs', async (t) => {
  const url = await target(t);
  const dir = t.testdir();
  const file = join(dir, 'known-failures.json');
  writeEntries(file, MIXED);
  const update = await run(
    url,
    join(dir, 'a'),
    '--baseline',
    file,
    '--update-baseline',
    '--reporter',
    'json',
  );
  t.equal(update.code, EXIT.FAILURES, 'the expired entry is kept as it is and still fails the run');
  t.match(update.stderr, /baseline .*known-failures\.json written: 8 entries, 2 added .*, 1 stale removed/);
  t.match(update.stderr, /1 expired entry still matches a failure/);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; entries: BaselineEntry[] };
  t.match(written.$schema, /baseline\.schema\.json$/);
  t.same(
    written.entries.map((e) => [
      e.case,
      e.check,
      e.title,
      e.reason === PLACEHOLDER_REASON ? 'TODO' : e.reason,
    ]),
    [
      ['kirjaswappi.login.invalid-credentials', 'assertion', UNEXPECTED, 'ticket KS-1 again'],
      ['kirjaswappi.login.invalid-credentials', STATUS, undefined, 'ticket KS-1: 418 for bad logins'],
      ['kirjaswappi.login.success', undefined, UNDOCUMENTED, 'flaky proxy'],
      ['kirjaswappi.login.unknown-user', 'assertion', UNEXPECTED, 'TODO'],
      ['kirjaswappi.login.unknown-user', STATUS, UNDOCUMENTED, 'ticket KS-2'],
      ['kirjaswappi.refresh.expired', STATUS, UNDOCUMENTED, 'TODO'],
      ['kirjaswappi.refresh.invalid-token', STATUS, undefined, 'waiver until the 2020 release'],
      ['vcf.login.ok', STATUS, undefined, 'not in this run'],
    ],
    'sorted by case, check, title; the stale entry gone, the intermittent and the unchecked ones kept',
  );
  t.equal(written.entries.find((e) => e.case === 'kirjaswappi.refresh.invalid-token')?.expires, '2020-01-01');
  t.equal(written.entries.find((e) => e.case === 'kirjaswappi.login.success')?.intermittent, true);

  const first = readFileSync(file, 'utf8');
  const again = await run(
    url,
    join(dir, 'b'),
    '--baseline',
    file,
    '--update-baseline',
    '--reporter',
    'json',
    '--seed',
    '99',
  );
  t.equal(again.code, EXIT.FAILURES);
  t.equal(readFileSync(file, 'utf8'), first, 'a second update, with another seed, writes the same bytes');

  // Renewing the waiver is a person's decision; after it the gate is green.
  writeFileSync(file, first.replace('"2020-01-01"', '"2999-12-31"'));
  const green = await run(url, join(dir, 'c'), '--baseline', file, '--reporter', 'json');
  t.equal(green.code, EXIT.OK, green.stderr);
});

t.test('--update-baseline creates a missing file; a plain run on one is exit 2', async (t) => {
  const url = await target(t);
  const dir = t.testdir();
  const file = join(dir, 'new.json');
  const missing = await run(url, join(dir, 'a'), '--baseline', file, '--reporter', 'json');
  t.equal(missing.code, EXIT.USAGE);
  t.match(missing.stderr, /new\.json: no such file \(create it from a run with --update-baseline\)/);
  const created = await run(
    url,
    join(dir, 'b'),
    '--baseline',
    file,
    '--update-baseline',
    '--reporter',
    'json',
  );
  t.equal(created.code, EXIT.OK, 'every failure of the run is now known');
  t.equal((JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] }).entries.length, 6);
});

t.test('a bad baseline is exit 2 with its JSON pointer, before any request', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'bad.json');
  writeEntries(file, [{ case: 'x.y.z', check: 'assertion', reason: 'r', expires: '2026-02-30' }]);
  // No target at all: a request would be exit 3.
  const bad = await tokenrig(['run', '--target', 'http://127.0.0.1:9', '--baseline', file]);
  t.equal(bad.code, EXIT.USAGE);
  t.match(bad.stderr, /bad\.json at \/entries\/0\/expires: must match format "date"/);
  const lonely = await tokenrig(['run', '--update-baseline']);
  t.equal(lonely.code, EXIT.USAGE);
  t.match(lonely.stderr, /--update-baseline needs --baseline FILE/);
});
