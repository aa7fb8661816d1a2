import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { loadContracts, PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { startBrokenTarget } from './fixtures/targets.js';
import { resetProxy } from './helpers/reset-proxy.js';
import { spawnMock, tokenrig } from './helpers/spawn.js';

const contracts = loadContracts(PROFILE_IDS);

/** `METHOD /path` of each profile's first login request, from its suite's bootstrap. */
const LOGIN = new Map<ProfileId, string>();
for (const { suite } of loadSuites([SUITES_DIR], contracts)) {
  const step = suite.bootstrap?.steps[0];
  const operation = step && 'operation' in step && step.operation ? step.operation : undefined;
  const op = operation ? contracts.get(suite.profile)?.operations.get(operation) : undefined;
  if (op) LOGIN.set(suite.profile, `${op.method} ${op.path}`);
}
const loginOf = (req: IncomingMessage): ProfileId | undefined =>
  [...LOGIN].find(([, login]) => login === `${req.method} ${req.url?.split('?')[0]}`)?.[0];

async function mockUpstream(t: Test): Promise<string> {
  const mock = await spawnMock(['--port', '0', '--quiet']);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock.url;
}

const out = () => mkdtempSync(join(tmpdir(), 'tokenrig-retry-'));
const reportAt = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const junitAt = (dir: string) => readFileSync(join(dir, 'junit.xml'), 'utf8');

t.test('a login whose first connection is reset once is retried, and the retry is reported', async (t) => {
  t.ok(LOGIN.size >= 4, 'every profile with a login has one found');
  let cut = false;
  const proxy = await resetProxy(t, await mockUpstream(t), (req) => {
    if (cut || loginOf(req) === undefined) return false;
    cut = true;
    return true;
  });
  const dir = out();
  const run = await tokenrig(['run', '--target', proxy.url, '--reporter', 'console,json', '--out', dir]);
  t.equal(proxy.resets.length, 1, 'the proxy reset one login');
  t.equal(run.code, 0, run.stdout + run.stderr);
  t.match(
    run.stderr,
    /tokenrig: \S+ login, step "bootstrap: [^"]+": connection closed before a complete response[^\n]*\(attempt 1\); retrying in 100 ms/,
  );
  const report = reportAt(dir);
  t.match(report.retries, [{ attempt: 1, kind: 'reset', delayMs: 100 }]);
  t.equal(report.retries.length, 1);
  t.ok(report.profiles.every((p: { errored?: string }) => p.errored === undefined));
});

t.test(
  'a profile whose login always resets (vcf, first in order) is errored; the others run; exit 3 names it',
  async (t) => {
    // Every error answer of the target gets an undocumented status: must failures in the other profiles.
    const broken = await startBrokenTarget('undocumented-status');
    t.teardown(() => broken.close());
    const proxy = await resetProxy(t, broken.url, (req) => loginOf(req) === 'vcf');
    const dir = out();
    const apis = ['--api', 'vcf', '--api', 'flolive', '--api', 'kirjaswappi'];
    const run = await tokenrig([
      'run',
      '--target',
      proxy.url,
      ...apis,
      '--reporter',
      'console,json,junit',
      '--out',
      dir,
    ]);
    t.equal(run.code, 3, run.stderr);
    t.ok(proxy.resets.length >= 3, 'the login was tried three times');
    const report = reportAt(dir);
    t.match(
      report.exitReason,
      /^vcf: session bootstrap failed: Connection closed before a complete response: .*; and [1-9]\d* of \d+ cases of the other profiles failed$/,
    );
    const vcf = report.profiles.find((p: { profile: string }) => p.profile === 'vcf');
    t.match(vcf.errored, /^session bootstrap failed: /);
    for (const p of report.profiles.filter((p: { profile: string }) => p.profile !== 'vcf')) {
      t.equal(p.errored, undefined, `${p.profile} is not errored`);
      t.ok(p.passed > 0, `${p.profile} ran its cases`);
    }
    t.match(report.retries, [
      { profile: 'vcf', attempt: 1, delayMs: 100 },
      { profile: 'vcf', attempt: 2, delayMs: 300 },
    ]);
    // The other profiles' must failures come first, in the report and in the console's findings.
    const firstFailed = report.cases.find((c: { status: string }) => c.status === 'failed');
    t.not(firstFailed.profile, 'vcf', 'a must failure elsewhere is listed before the errored profile');
    const findings = run.stdout.slice(run.stdout.indexOf('Findings'));
    t.ok(findings.indexOf(firstFailed.id) >= 0, 'the console lists it');
    t.ok(findings.indexOf(firstFailed.id) < findings.indexOf('vcf.'), 'before any vcf case');
    t.match(run.stdout, /vcf\s+errored, none of its \d+ cases ran: session bootstrap failed/);
    t.match(junitAt(dir), /<testsuite name="vcf" tests="(\d+)" failures="0" errors="\1"/);
  },
);

t.test('a 401 to the login is an answer: not retried', async (t) => {
  const proxy = await resetProxy(t, await mockUpstream(t), () => false);
  const dir = out();
  const run = await tokenrig([
    'run',
    '--target',
    proxy.url,
    '--api',
    'kirjaswappi',
    '--password',
    'wrong-password',
    '--reporter',
    'json',
    '--out',
    dir,
  ]);
  t.equal(run.code, 3);
  t.notMatch(run.stderr, /retrying/);
  t.equal(reportAt(dir).retries, undefined);
});
