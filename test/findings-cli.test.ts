import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import type { CaseResult, RunReport } from '../runner/model.js';
import { consoleReporter } from '../runner/reporters/console.js';
import { captureContext } from '../runner/reporters/fixture.js';
import { allFindings } from '../runner/run/fold.js';
import { SEED } from './helpers/mock.js';
import { contracts, postJson } from './helpers/runner.js';
import { BIN, type Outcome, runProcess } from './helpers/spawn.js';

// `tokenrig run` as a child process: folded findings on a forced 500, where the reports went, colour
// by the environment's conventions, and generated requests counted apart from cases.

/** `tokenrig <args>` with exactly this environment (plus PATH): colour must not leak in from tap's. */
function tokenrigWith(args: readonly string[], env: Record<string, string>): Promise<Outcome> {
  return runProcess(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
}

const mock = await startMockServer({ port: 0, seed: SEED, contracts, apis: ['kirjaswappi', 'vcf'] });
t.teardown(() => mock.close());

/** The console's Findings section, as lines. */
const findingLines = (stdout: string): string[] => {
  const lines = stdout.split('\n');
  return lines.slice(lines.indexOf('Findings'), lines.indexOf('Scores'));
};

t.test('a forced 500 on every refresh: one root per response, the rest folded, nothing lost', async (t) => {
  const rule = await postJson(`${mock.url}/__admin/faults`, {
    profile: 'kirjaswappi',
    operation: 'refresh',
    status: 500,
  });
  t.equal(rule.status, 201, 'the fault rule is in place');
  t.teardown(() => fetch(`${mock.url}/__admin/faults`, { method: 'DELETE' }));
  const out = t.testdir();
  const run = await tokenrigWith(
    // The rule is in the mock's own world: the run goes there, not to a namespace of its own.
    ['run', '--target', mock.url, '--no-namespace', '--api', 'kirjaswappi', '--out', out, '--seed', '1'],
    {},
  );
  t.equal(run.code, EXIT.FAILURES, run.stderr);
  const report: RunReport = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const failed = report.cases.filter((c) => c.status === 'failed');
  t.ok(failed.length > 5, `${failed.length} cases meet the 500`);
  for (const c of failed) {
    const roots = c.failures.filter((f) => f.check === 'not_a_server_error');
    t.ok(roots.length > 0, `${c.id}: the server error is a root`);
    t.notOk(
      c.failures.some((f) => f.title === 'Unexpected HTTP status'),
      `${c.id}: the unexpected status is folded under it`,
    );
    t.ok(roots.every((f) => (f.consequents?.length ?? 0) > 0));
  }
  const folded = findingLines(run.stdout);
  t.notOk(folded.includes('Unexpected HTTP status'), 'no group of consequents in the console');
  t.ok(folded.includes('Server error'));

  // The same report unfolded, through the same console reporter: what the console printed before.
  const flat: RunReport = {
    ...report,
    cases: report.cases.map(
      (c): CaseResult => ({
        ...c,
        failures: allFindings(c.failures).map(({ consequents, ownSeverity, ...f }) => ({
          ...f,
          severity: ownSeverity ?? f.severity,
        })),
      }),
    ),
  };
  const ctx = captureContext(out);
  await consoleReporter.finish(flat, ctx);
  const before = findingLines(ctx.output()).length;
  t.ok(
    folded.length * 2 < before,
    `the Findings section shrinks from ${before} to ${folded.length} lines (whole output: ${run.stdout.split('\n').length})`,
  );
  t.equal(
    allFindings(flat.cases.flatMap((c) => c.failures)).length,
    allFindings(report.cases.flatMap((c) => c.failures)).length,
    'every finding is still in report.json',
  );

  t.match(
    run.stdout,
    `\nReports\n  json   ${join(out, 'report.json')}\n  junit  ${join(out, 'junit.xml')}\n  html   ${join(out, 'report.html')}\n`,
    'one line per report written',
  );
  for (const file of ['report.json', 'junit.xml', 'report.html']) t.ok(existsSync(join(out, file)), file);
  t.equal(run.stdout.split('  TOKENRIG_REFRESH_TOKEN  refresh token: ').length - 1, 1, 'the variable, once');
  t.match(run.stdout, /--data-raw '\{"refreshToken":"'"\$TOKENRIG_REFRESH_TOKEN"'"\}'/);
  t.same(
    report.curlVariables?.map((v) => v.name),
    ['TOKENRIG_REFRESH_TOKEN'],
  );
});

const ESC = '\u001b[';
const quick = [
  'run',
  '--target',
  mock.url,
  '--api',
  'vcf',
  '--grep',
  '^vcf\\.login\\.success ',
  '--reporter',
  'console',
];

t.test('colour: FORCE_COLOR on a pipe, NO_COLOR and FORCE_COLOR=0 off', async (t) => {
  const plain = await tokenrigWith(quick, {});
  t.equal(plain.code, EXIT.OK, plain.stderr);
  t.match(plain.stdout, /^tokenrig: 1 case of vcf/, 'one case ran');
  t.match(plain.stdout, '\n  PASS vcf.login.success  ', 'a pass reads PASS without colour');
  t.notMatch(plain.stdout, ESC, 'a pipe gets no colour');
  t.match(
    (await tokenrigWith(quick, { FORCE_COLOR: '1' })).stdout,
    `  ${ESC}32m✓${ESC}39m vcf.login.success`,
    'FORCE_COLOR=1 on a pipe',
  );
  t.match(
    (await tokenrigWith(quick, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout,
    `${ESC}32m`,
    'FORCE_COLOR wins',
  );
  t.notMatch((await tokenrigWith(quick, { FORCE_COLOR: '0' })).stdout, ESC, 'FORCE_COLOR=0');
  t.notMatch((await tokenrigWith(quick, { NO_COLOR: '1' })).stdout, ESC, 'NO_COLOR');
});

t.test('--fuzz 30: 30 generated requests in 3 cases, said both ways, at the start and the end', async (t) => {
  const run = await tokenrigWith(
    [
      'run',
      '--target',
      mock.url,
      '--api',
      'kirjaswappi',
      '--grep',
      '^kirjaswappi\\.login\\.success ',
      '--fuzz',
      '30',
      '--reporter',
      'console',
    ],
    {},
  );
  t.equal(run.code, EXIT.OK, run.stderr);
  t.match(
    run.stdout,
    /^tokenrig: 1 case and 3 generated cases \(30 negative requests\) of kirjaswappi against /,
  );
  t.match(run.stdout, '\n  30 generated negative requests sent in 3 cases, 0 failed\n');
  t.match(run.stdout, /exit 0: no must failure in 4 cases/);
});
