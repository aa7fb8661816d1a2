import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { BIN, type Outcome, runProcess } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

/** `tokenrig <args>` started in `cwd`, as a CI job in a checkout runs it. */
function tokenrigIn(cwd: string, args: readonly string[]): Promise<Outcome> {
  return runProcess(process.execPath, [BIN, ...args], { cwd });
}

/** A loopback target that answers every request with `{}` and keeps the headers of each GET /echo. */
async function recordingTarget(t: Test): Promise<{ url: string; echoes: IncomingHttpHeaders[] }> {
  const echoes: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/echo') echoes.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo; // listening on TCP: an AddressInfo
  return { url: `http://127.0.0.1:${port}`, echoes };
}

/** A suite whose one case sends {{region}} and {{account}} to GET /echo and expects a 200. */
function echoSuite(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const step = {
    name: 'echo',
    request: {
      method: 'GET',
      path: '/echo',
      headers: { 'x-region': '{{region}}', 'x-account': '{{account}}' },
    },
    expect: { status: [200] },
  };
  const c = { id: 'flolive.echo.vars', title: 'echo', severity: 'should', session: false, steps: [step] };
  writeFileSync(join(folder, 'echo.suite.json'), JSON.stringify({ profile: 'flolive', cases: [c] }));
}

const reportIn = (folder: string) => JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8'));

t.test('tokenrig.config.json in the working directory is a CI line written once', async (t) => {
  const target = await recordingTarget(t);
  const dir = t.testdir();
  echoSuite(join(dir, 'checks'));
  const config = {
    target: target.url,
    suites: ['checks'],
    reporters: ['json'],
    out: 'ci-reports',
    seed: 5,
    strict: true,
    vars: { region: 'eu', account: 'ops' },
    headers: { 'X-Tenant': 't1' },
  };
  writeFileSync(join(dir, 'tokenrig.config.json'), JSON.stringify(config));
  const run = await tokenrigIn(dir, ['run']);
  t.equal(run.code, EXIT.OK, run.stderr);
  t.match(target.echoes, [{ 'x-region': 'eu', 'x-account': 'ops', 'x-tenant': 't1' }]);
  t.match(reportIn(join(dir, 'ci-reports')), { target: target.url, seed: 5, strict: true });
  const validate = await tokenrigIn(dir, ['validate']);
  t.equal(validate.code, EXIT.OK, validate.stderr);
  t.match(validate.stdout, /^ok checks\/echo\.suite\.json: flolive, 1 cases; reads --var account, region$/m);
});

t.test('flags override the file; --var and --header replace its values of the same name', async (t) => {
  const target = await recordingTarget(t);
  const dir = t.testdir();
  echoSuite(join(dir, 'checks'));
  const config = { target: 'http://127.0.0.1:1', suites: ['checks'], reporters: ['json'], out: 'a', seed: 5 };
  writeFileSync(
    join(dir, 'tokenrig.config.json'),
    JSON.stringify({ ...config, vars: { region: 'eu', account: 'ops' } }),
  );
  const flags = [
    '--target',
    target.url,
    '--out',
    'b',
    '--seed',
    '9',
    '--var',
    'account=qa',
    '--header',
    'X-Tenant: t2',
  ];
  const run = await tokenrigIn(dir, ['run', ...flags]);
  t.equal(run.code, EXIT.OK, run.stderr);
  t.match(target.echoes, [{ 'x-region': 'eu', 'x-account': 'qa', 'x-tenant': 't2' }]);
  t.match(reportIn(join(dir, 'b')), { target: target.url, seed: 9 });
  t.notOk(existsSync(join(dir, 'a')), "the file's out was overridden");
});

t.test('--config names a file elsewhere; its relative paths are relative to its own folder', async (t) => {
  const target = await recordingTarget(t);
  const dir = t.testdir();
  echoSuite(join(dir, 'ci', 'checks'));
  const config = {
    target: target.url,
    suites: ['checks'],
    reporters: ['json'],
    out: '../out',
    vars: { region: 'eu', account: 'ops' },
  };
  writeFileSync(join(dir, 'ci', 'gate.json'), JSON.stringify(config));
  const run = await tokenrigIn(dir, ['run', '--config', 'ci/gate.json']);
  t.equal(run.code, EXIT.OK, run.stderr);
  t.equal(target.echoes.length, 1);
  t.ok(existsSync(join(dir, 'out', 'report.json')), 'out resolved against ci/, not the working directory');
});

t.test('a missing or invalid config file is exit 2 before any request', async (t) => {
  const target = await recordingTarget(t);
  const dir = t.testdir();
  echoSuite(join(dir, 'checks'));
  const missing = await tokenrigIn(dir, ['run', '--config', 'nope.json', '--target', target.url]);
  t.equal(missing.code, EXIT.USAGE);
  t.match(missing.stderr, /^tokenrig: nope\.json: no such configuration file$/m);
  writeFileSync(
    join(dir, 'tokenrig.config.json'),
    JSON.stringify({ target: target.url, suites: ['checks'], concurency: 2 }),
  );
  const invalid = await tokenrigIn(dir, ['run']);
  t.equal(invalid.code, EXIT.USAGE);
  t.match(
    invalid.stderr,
    /^tokenrig: tokenrig\.config\.json at \/concurency: unknown key concurency: did you mean `concurrency`\?$/m,
  );
  const validate = await tokenrigIn(dir, ['validate']);
  t.equal(validate.code, EXIT.USAGE, 'validate reads the same file, and refuses it too');
  t.equal(target.echoes.length, 0);
});
