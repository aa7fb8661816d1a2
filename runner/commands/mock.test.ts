import t from 'tap';
import { spawnMock, tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

t.test(
  '--quirk switches a vendor quirk on: the banner says so, health lists it, the mock does it',
  async (t) => {
    const mock = await spawnMock([
      '--port',
      '0',
      '--seed',
      '7',
      '--api',
      'kirjaswappi',
      '--quirk',
      'kirjaswappi.malformed-token-500',
    ]);
    t.teardown(() => mock.child.kill('SIGTERM'));
    t.match(mock.stdout(), /\n {2}quirk kirjaswappi\.malformed-token-500: refresh with a garbage/);
    t.notMatch(mock.stdout(), /quirk kirjaswappi\.framework-415/, 'only the one asked for');
    const health = (await (await fetch(`${mock.url}/__admin/health`)).json()) as { quirks: string[] };
    t.same(health.quirks, ['kirjaswappi.malformed-token-500']);
    const refresh = await fetch(`${mock.url}/api/v1/authenticate/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: 'garbage' }),
    });
    t.equal(refresh.status, 500, "the real server's answer to a malformed token");
  },
);

t.test('--set and --access-ttl: the banner and health show what differs from the defaults', async (t) => {
  const mock = await spawnMock([
    '--port',
    '0',
    '--api',
    'vcf',
    '--quiet',
    '--set',
    'vcf.loginStatus=201',
    '--access-ttl',
    '60',
  ]);
  t.teardown(() => mock.child.kill('SIGTERM'));
  t.match(mock.stdout(), /\n {2}setting vcf\.loginStatus=201 \(default 200, from --set\)\n/);
  t.match(mock.stdout(), /\n {2}setting vcf\.accessTtl=60 \(default 3600, from --access-ttl\)\n/);
  const health = (await (await fetch(`${mock.url}/__admin/health`)).json()) as { settings: unknown };
  t.same(health.settings, [
    { name: 'vcf.loginStatus', value: 201, default: 200, source: '--set' },
    { name: 'vcf.accessTtl', value: 60, default: 3600, source: '--access-ttl' },
  ]);
});

t.test('without --quirk the banner says the mock is documented behaviour only', async (t) => {
  const mock = await spawnMock(['--port', '0', '--api', 'kirjaswappi', '--quiet']);
  t.teardown(() => mock.child.kill('SIGTERM'));
  t.match(mock.stdout(), /quirks: none \(documented behaviour\)/);
});

t.test('the banner names the dashboard, and the built CLI serves it with its script and style', async (t) => {
  const mock = await spawnMock(['--port', '0', '--api', 'vcf', '--quiet']);
  t.teardown(() => mock.child.kill('SIGTERM'));
  t.match(mock.stdout(), new RegExp(`\\n {2}dashboard {8}${mock.url}/__admin \\(open it in a browser\\)`));
  const page = await fetch(`${mock.url}/__admin`, { headers: { accept: 'text/html' } });
  t.equal(page.status, 200);
  t.match(await page.text(), /<title>tokenrig mock<\/title>/);
  for (const asset of ['dashboard.js', 'dashboard.css']) {
    const res = await fetch(`${mock.url}/__admin/assets/${asset}`);
    t.equal(res.status, 200, `${asset}, found from the bundle`);
    t.ok((await res.text()).length > 1000, `${asset} has its content`);
  }
});

t.test('a quirk that does not exist is a usage error (exit 2), never ignored', async (t) => {
  for (const [args, message] of [
    [
      ['--quirk', 'kirjaswappi.malformed-token-5OO'],
      /no quirk kirjaswappi\.malformed-token-5OO; kirjaswappi has: /,
    ],
    [['--quirk', 'vcf.all'], /vcf has no quirks/],
    [['--api', 'vcf', '--quirk', 'kirjaswappi.all'], /kirjaswappi has no quirks \(or is not mounted\)/],
    [['--quirk', 'malformed-token-500'], /<profile>\.<id>/],
  ] as const) {
    const outcome = await tokenrig(['mock', '--port', '0', ...args]);
    t.equal(outcome.code, EXIT.USAGE, args.join(' '));
    t.match(outcome.stderr, message);
  }
});

t.test('--help lists every quirk with its evidence', async (t) => {
  const outcome = await tokenrig(['mock', '--help']);
  t.equal(outcome.code, EXIT.OK);
  t.match(outcome.stdout, /--quirk/);
  for (const id of ['malformed-token-500', 'framework-415', 'stale-bearer-401', 'cors-allowlist']) {
    t.match(outcome.stdout, new RegExp(`kirjaswappi\\.${id}: `), id);
  }
  t.match(outcome.stdout, /evidence: KirjaSwappi\/kirjaswappi-backend \(AuthService\.java, JwtUtil\.java/);
});
