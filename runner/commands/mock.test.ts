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

/** Stops a spawned mock with SIGTERM and waits for it to exit. */
async function stopped(mock: Awaited<ReturnType<typeof spawnMock>>): Promise<string> {
  const exited = new Promise<void>((resolve) => mock.child.once('exit', () => resolve()));
  mock.child.kill('SIGTERM');
  await exited;
  return mock.stdout();
}

t.test('on stop, one line sums up the client report when it found anything', async (t) => {
  const mock = await spawnMock(['--port', '0', '--api', 'kirjaswappi', '--quiet']);
  t.teardown(() => mock.child.kill('SIGTERM'));
  const post = (path: string, body: unknown) =>
    fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (let i = 0; i < 3; i++) await post('/api/v1/authenticate', { username: 'demo', password: 'demo' });
  for (let i = 0; i < 2; i++) await post('/api/v1/authenticate/refresh', { refreshToken: 'eyJ.dead.token' });
  // A client in a namespace of the same mock: judged in its own world, summed up on a line of its own.
  for (let i = 0; i < 2; i++) {
    await post('/__ns/ci-7/api/v1/authenticate/refresh', { refreshToken: 'eyJ.other.token' });
  }
  const stdout = await stopped(mock);
  t.match(
    stdout,
    /\ntokenrig mock: client report: 2 findings \(0 must, 2 should\): rejected-refresh-retried, login-per-request; see GET \/__admin\/client-report\n/,
  );
  t.match(
    stdout,
    /\ntokenrig mock: \[ci-7\] client report: 1 finding \(0 must, 1 should\): rejected-refresh-retried; see GET \/__ns\/ci-7\/__admin\/client-report\n/,
  );
  t.notMatch(stdout, /eyJ\.dead\.token/, 'no token in the log');
});

t.test('a clean run ends without a client-report line; --refresh-storm takes whole numbers', async (t) => {
  const mock = await spawnMock(['--port', '0', '--api', 'kirjaswappi', '--quiet', '--refresh-storm', '5']);
  t.teardown(() => mock.child.kill('SIGTERM'));
  await fetch(`${mock.url}/api/v1/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  t.notMatch(await stopped(mock), /client report/);
  for (const value of ['0', '2.5']) {
    const outcome = await tokenrig(['mock', '--port', '0', '--refresh-storm', value]);
    t.equal(outcome.code, EXIT.USAGE, `--refresh-storm ${value}`);
    t.match(outcome.stderr, /--refresh-storm takes a whole number of at least 1/);
  }
});

t.test('--store and --workers: a clear refusal and its exit code for each wrong set-up', async (t) => {
  const cases: [string[], number, RegExp][] = [
    [
      ['--store', 'http://127.0.0.1:6379'],
      EXIT.USAGE,
      /--store http:\/\/127\.0\.0\.1:6379: http: is not a store/,
    ],
    [['--store', 'redis://127.0.0.1/x'], EXIT.USAGE, /the path must be a database number/],
    [['--workers', '2'], EXIT.USAGE, /--workers 2 needs a shared store/],
    [['--workers', '0', '--store', 'redis://127.0.0.1:1/0'], EXIT.USAGE, /--workers takes a whole number/],
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    [['--store', 'redis://127.0.0.1:1/0'], EXIT.UNREACHABLE, /redis at 127\.0\.0\.1:1 did not answer/],
    [
      ['--store', 'redis://127.0.0.1:1/0', '--workers', '2'],
      EXIT.UNREACHABLE,
      /redis at 127\.0\.0\.1:1 did not answer/,
    ],
  ];
  for (const [args, code, message] of cases) {
    const outcome = await tokenrig(['mock', '--port', '0', '--quiet', ...args]);
    t.equal(outcome.code, code, args.join(' '));
    t.match(outcome.stderr, message);
    t.notMatch(outcome.stderr, /\n\s+at /, 'one line, no stack');
  }
});
