import { spawn } from 'node:child_process';
import t from 'tap';
import { busyPort } from '../test/helpers/busy-port.js';
import { BIN, spawnMock, tokenrig } from '../test/helpers/spawn.js';
import { EXIT } from './exit-codes.js';

t.test('tokenrig mock serves, logs one line per request and stops cleanly on SIGTERM', async (t) => {
  const child = spawn(
    process.execPath,
    [BIN, 'mock', '--port', '0', '--seed', '7', '--api', 'vcf', 'flolive'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+) \(seed 7\)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
  });
  t.match(stdout, /vcf\s+POST \/v1\/tokens/);
  t.match(stdout, /flolive\s+.*PUT \/api\/v2\/auth\/token/);
  t.match(stdout, /flolive\s+.*POST \/api\/v2\/auth\/token/);
  t.notMatch(stdout, /kirjaswappi/);
  const login = await fetch(`${url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  t.equal(login.status, 200);
  await new Promise((r) => setTimeout(r, 100));
  t.match(stdout, /POST \/v1\/tokens 200 vcf\.login/);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
  t.equal(code, EXIT.OK);
  t.match(stdout, /SIGTERM, shutting down/);
});

t.test('usage errors exit 2 with a message', async (t) => {
  const cases: [string[], RegExp][] = [
    [['mock', '--bogus'], /Unknown argument/],
    [['mock', '--api', 'acme'], /Invalid values/],
    [['mock', '--set', 'vcf.nope=1'], /unknown setting vcf\.nope/],
    [['mock', '--set', 'garbage'], /--set expects/],
    [['mock', '--user', 'nocolon'], /--user expects name:password/],
    [[], /Choose a command/],
  ];
  for (const [args, message] of cases) {
    const outcome = await tokenrig(args);
    t.equal(outcome.code, EXIT.USAGE, args.join(' '));
    t.match(outcome.stderr, message, args.join(' '));
  }
});

t.test('a busy port exits 3 and says so', async (t) => {
  const port = await busyPort(t);
  const outcome = await tokenrig(['mock', '--port', String(port)]);
  t.equal(outcome.code, EXIT.UNREACHABLE);
  t.match(outcome.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
});

t.test('--help documents the settings and exit codes', async (t) => {
  const outcome = await tokenrig(['mock', '--help']);
  t.equal(outcome.code, 0);
  t.match(outcome.stdout, /flolive: .*nakStatus=401/);
  // yargs wraps the epilogue at the terminal's width: any run of spaces may be a line break.
  t.match(
    outcome.stdout,
    /Exit codes: 0 stopped cleanly, 2 bad flag, setting, quirk, scenario \(unknown, bad value,\s+contradicting\)\s+or\s+--store\s+URL,\s+3\s+cannot\s+listen\s+\(port\s+in\s+use\)\s+or\s+the\s+store\s+does\s+not\s+answer/,
  );
});

t.test('tokenrig mock keeps serving when whoever read its log goes away (a closed pipe)', async (t) => {
  const { child, url } = await spawnMock(['--port', '0', '--api', 'vcf']);
  t.teardown(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.destroy();
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${url}/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    });
    statuses.push(res.status);
    await new Promise((r) => setTimeout(r, 20));
  }
  t.strictSame(statuses, [200, 200, 200, 200, 200]);
  t.equal(child.exitCode, null, 'still running');
  t.match(stderr, /request log stopped: EPIPE/);
  t.notMatch(stderr, /unexpected error|Error:/);
});
