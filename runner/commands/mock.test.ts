import { spawn } from 'node:child_process';
import t from 'tap';
import { BIN, tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

t.test(
  '--quirk switches a vendor quirk on: the banner says so, health lists it, the mock does it',
  async (t) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'mock',
        '--port',
        '0',
        '--seed',
        '7',
        '--api',
        'kirjaswappi',
        '--quirk',
        'kirjaswappi.malformed-token-500',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    t.teardown(() => {
      child.kill('SIGTERM');
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+) \(seed 7\)/.exec(stdout);
        if (match?.[1] && stdout.includes('users:')) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
    });
    t.match(stdout, /\n {2}quirk kirjaswappi\.malformed-token-500: refresh with a garbage/);
    t.notMatch(stdout, /quirk kirjaswappi\.framework-415/, 'only the one asked for');
    const health = (await (await fetch(`${url}/__admin/health`)).json()) as { quirks: string[] };
    t.same(health.quirks, ['kirjaswappi.malformed-token-500']);
    const refresh = await fetch(`${url}/api/v1/authenticate/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: 'garbage' }),
    });
    t.equal(refresh.status, 500, "the real server's answer to a malformed token");
  },
);

t.test('without --quirk the banner says the mock is documented behaviour only', async (t) => {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', '--api', 'kirjaswappi', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    child.kill('SIGTERM');
  });
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('users:')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
  });
  t.match(stdout, /quirks: none \(documented behaviour\)/);
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
