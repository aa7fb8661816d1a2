import t from 'tap';
import { SCENARIOS } from '../../mocks/scenarios/index.js';
import { spawnMock, tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

// `tokenrig mock --scenario` end to end, apart from mock.test.ts: each case spawns the CLI.

t.test('--scenario: the banner and health say so, the mock does it, reset keeps it', async (t) => {
  const mock = await spawnMock([
    '--port',
    '0',
    '--api',
    'vcf',
    '--api',
    'dreadnode',
    '--quiet',
    '--scenario',
    'short-lived=4',
    '--scenario',
    'rate-limited',
  ]);
  t.teardown(() => mock.child.kill('SIGTERM'));
  t.match(mock.stdout(), /\n {2}scenario short-lived=4: access tokens live that many seconds/);
  t.match(mock.stdout(), /\n {2}scenario rate-limited=1: over that many refreshes .* \(not on vcf\)\n/);
  const health = async () =>
    ((await (await fetch(`${mock.url}/__admin/health`)).json()) as { scenarios: string[] }).scenarios;
  t.same(await health(), ['short-lived', 'rate-limited']);
  const login = await fetch(`${mock.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  t.equal(claims.exp - claims.iat, 4, 'the token lives 4 s');
  await fetch(`${mock.url}/__admin/scenarios`, { method: 'DELETE' });
  t.same(await health(), []);
  await fetch(`${mock.url}/__admin/reset`, { method: 'POST' });
  t.same(await health(), ['short-lived', 'rate-limited'], 'reset: back to the command line');
});

t.test('without --scenario the banner says none', async (t) => {
  const mock = await spawnMock(['--port', '0', '--api', 'vcf', '--quiet']);
  t.teardown(() => mock.child.kill('SIGTERM'));
  t.match(mock.stdout(), /\n {2}scenarios: none\n/);
});

t.test('a scenario that is unknown, badly valued or contradicting is a usage error (exit 2)', async (t) => {
  for (const [args, message] of [
    [
      ['--scenario', 'flaky-refrsh'],
      /no scenario "flaky-refrsh"; did you mean flaky-refresh\? scenarios are /,
    ],
    [['--scenario', 'flaky-refresh=30%'], /flaky-refresh=<share> takes a number from 0 to 1, got "30%"/],
    [['--scenario', 'revoked=2', '--scenario', 'revoked=5'], /given twice, with 2 and 5/],
    [
      ['--scenario', 'flaky-refresh=0.9', '--scenario', 'lost-refresh'],
      /claim more than every refresh \(1\.1\)/,
    ],
    [['--access-ttl', '60', '--scenario', 'short-lived'], /short-lived sets accessTtl, which --access-ttl/],
    [
      ['--set', 'flolive.refreshTtl=60', '--scenario', 'short-session'],
      /--set flolive\.refreshTtl already sets/,
    ],
    [['--api', 'kirjaswappi', '--scenario', 'rate-limited'], /kirjaswappi: its refresh documents no 429/],
  ] as const) {
    const outcome = await tokenrig(['mock', '--port', '0', ...args]);
    t.equal(outcome.code, EXIT.USAGE, args.join(' '));
    t.match(outcome.stderr, message);
  }
});

t.test('--help gives every scenario one line, with its default', async (t) => {
  for (const command of [['mock', '--help']]) {
    const outcome = await tokenrig(command);
    t.equal(outcome.code, EXIT.OK);
    for (const s of SCENARIOS) {
      t.match(
        outcome.stdout,
        new RegExp(
          `\\n {2}${s.name}\\[=${s.parameter?.default}\\] +${s.summary.replace(/[()+]/g, '\\$&')}\\n`,
        ),
        `${command[0]}: ${s.name}`,
      );
    }
  }
});
