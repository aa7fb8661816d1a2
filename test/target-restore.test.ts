import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { quietRunOptions } from '../runner/quiet.js';
import { execute } from '../runner/run/execute.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { loadContracts } from '../schemas/load.js';
import { type SpawnedMock, spawnMock, tokenrig } from './helpers/spawn.js';

// These runs restore the mock's own world (--no-namespace): in a namespace of its own, the default
// against a running mock, a run would find it fresh (test/namespaces.test.ts restores there).

/** A mock someone started, as a user would: its own process, torn down with the test. */
async function startMock(t: Test, args: readonly string[] = []): Promise<SpawnedMock> {
  const mock = await spawnMock(['--port', '0', '--quiet', ...args]);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock;
}

async function admin(mock: SpawnedMock, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${mock.url}/__admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** What a run must leave as it found it, read back through the admin API (ids and times left out). */
async function state(mock: SpawnedMock) {
  const clock = (await admin(mock, 'GET', '/clock')) as { offsetSeconds: number };
  const users = (await admin(mock, 'GET', '/users')) as { username: string }[];
  const faults = (await admin(mock, 'GET', '/faults')) as Record<string, unknown>[];
  const quirks = (await admin(mock, 'GET', '/quirks')) as { name: string; enabled: boolean }[];
  const scenarios = (await admin(mock, 'GET', '/scenarios')) as {
    scenarios: { name: string; value?: number }[];
  };
  const health = (await admin(mock, 'GET', '/health')) as { scenarios: string[] };
  return {
    offsetSeconds: clock.offsetSeconds,
    users: users.map((u) => u.username),
    faults: faults.map(({ id: _id, createdAt: _c, hits: _h, ...rule }) => rule),
    quirks: quirks.filter((q) => q.enabled).map((q) => q.name),
    scenarios: health.scenarios.map(
      (name) => `${name}=${scenarios.scenarios.find((s) => s.name === name)?.value}`,
    ),
  };
}

/**
 * A mock that is not as it started: the clock ahead, a second user, a fault rule that never fires, a quirk
 * on, a scenario on that changes no answer (a delay of 0 ms).
 */
async function prepared(mock: SpawnedMock) {
  await admin(mock, 'POST', '/clock', { advance: 7 });
  await admin(mock, 'POST', '/users', { username: 'someone-else', password: 'their-password' });
  await admin(mock, 'POST', '/faults', { profile: 'vcf', delay: 1, probability: 0 });
  const quirks = (await admin(mock, 'GET', '/quirks')) as { name: string; profile: string }[];
  const vcfQuirk = quirks.find((q) => q.profile === 'vcf');
  if (vcfQuirk) await admin(mock, 'PUT', `/quirks/${vcfQuirk.name}`);
  await admin(mock, 'PUT', '/scenarios/slow-refresh=0');
  return state(mock);
}

const out = () => mkdtempSync(join(tmpdir(), 'tokenrig-restore-'));
const reportAt = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));

t.test('a run with clock-moving and user-adding cases leaves a running mock as it found it', async (t) => {
  // Passwords readable, so the account the reset drops can be recreated.
  const mock = await startMock(t, ['--show-secrets']);
  const before = await prepared(mock);
  t.equal(before.offsetSeconds, 7);
  const dir = out();
  const run = await tokenrig([
    'run',
    '--target',
    mock.url,
    '--no-namespace',
    '--api',
    'dreadnode',
    '--api',
    'kirjaswappi',
    '--reporter',
    'json',
    '--out',
    dir,
  ]);
  t.equal(run.code, 0, run.stderr);
  t.same(before.scenarios, ['slow-refresh=0']);
  t.same(
    await state(mock),
    before,
    'clock offset, users, fault rules, quirks and scenarios read back as before',
  );
  const report = reportAt(dir);
  t.equal(report.restore.status, 'restored');
  t.match(report.restore.changes.join('\n'), /clock offset 7 s → \d+ s/, 'the report says what was put back');
  t.same(report.restore.problems, []);
});

t.test('a failing run is put back too', async (t) => {
  const mock = await startMock(t, ['--show-secrets']);
  const before = await prepared(mock);
  const dir = out();
  const suite = join(dir, 'failing.suite.json');
  writeFileSync(
    suite,
    JSON.stringify({
      profile: 'kirjaswappi',
      cases: [
        {
          id: 'test.moves-then-fails',
          title: 'moves the clock, adds a user, then fails',
          severity: 'should',
          steps: [
            { name: 'a day later', advanceClock: 86_400 },
            {
              name: 'add a user',
              request: {
                method: 'POST',
                path: '/__admin/users',
                json: { username: 'left-behind', password: 'p' },
              },
              expect: { status: [201] },
            },
            {
              name: 'expects the impossible',
              request: { method: 'GET', path: '/__admin/health' },
              expect: { status: [418] },
            },
          ],
        },
      ],
    }),
  );
  const run = await tokenrig([
    'run',
    '--target',
    mock.url,
    '--no-namespace',
    '--strict',
    '--suite',
    suite,
    '--reporter',
    'json',
    '--out',
    dir,
  ]);
  t.equal(run.code, 1, run.stderr);
  t.same(await state(mock), before);
  t.equal(reportAt(dir).restore.status, 'restored');
});

t.test('a mock that cannot be put back: a warning line and a failed restore in the report', async (t) => {
  const mock = await startMock(t);
  const dir = out();
  const suite = join(dir, 'delete.suite.json');
  // The mock hides passwords (no --show-secrets): a deleted account cannot be recreated.
  writeFileSync(
    suite,
    JSON.stringify({
      profile: 'kirjaswappi',
      cases: [
        {
          id: 'test.deletes-someone',
          title: 'deletes an account the run did not create',
          severity: 'should',
          steps: [
            {
              name: 'delete',
              request: { method: 'DELETE', path: '/__admin/users/someone-else' },
              expect: { status: [204] },
            },
          ],
        },
      ],
    }),
  );
  await admin(mock, 'POST', '/users', { username: 'someone-else', password: 'their-password' });
  const run = await tokenrig([
    'run',
    '--target',
    mock.url,
    '--no-namespace',
    '--suite',
    suite,
    '--reporter',
    'json',
    '--out',
    dir,
  ]);
  t.equal(run.code, 0, run.stderr);
  t.match(
    run.stderr,
    /warning: the target was not put back as the run found it: user someone-else deleted: its password is not readable/,
  );
  const report = reportAt(dir);
  t.equal(report.restore.status, 'failed');
  t.match(report.restore.problems[0], /someone-else/);
});

t.test('an exception in the middle of a run: the mock is put back before it propagates', async (t) => {
  const mock = await startMock(t);
  const before = await state(mock);
  const contracts = loadContracts(['dreadnode']);
  const suites = loadSuites([join(SUITES_DIR, 'dreadnode')], contracts).map((s) => s.suite);
  let clockCases = 0;
  await t.rejects(
    execute(quietRunOptions(mock.url, suites, contracts, { grep: /expired/, namespace: false }), {
      onCaseEnd: (result) => {
        // The first clock case has moved the clock; the caller then breaks the run.
        if (result.steps.some((s) => s.url.endsWith('/__admin/clock')) && ++clockCases === 1) {
          throw new Error('the caller broke');
        }
      },
    }),
    { message: 'the caller broke' },
  );
  t.equal(clockCases, 1, 'the run stopped after its first clock case');
  t.same(await state(mock), before);
});
