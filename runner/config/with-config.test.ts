import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { runCommand } from '../commands/run.js';
import { validateCommand } from '../commands/validate.js';
import { EXIT } from '../exit-codes.js';
import { ConfigError } from './config-file.js';
import { withConfig } from './with-config.js';

type Parsed = Record<string, unknown>;

/** The arguments a command's handler would get for `argv` (its real builder; the handler only records). */
async function parse<A>(command: CommandModule<object, A>, argv: string[]): Promise<Parsed> {
  let parsed: Parsed | undefined;
  await yargs(argv)
    .command({
      ...command,
      handler: (args) => {
        parsed = { ...args };
      },
    })
    .strict()
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  if (!parsed) throw new Error('the handler did not run');
  return parsed;
}

function write(t: Test, config: object, name = 'tokenrig.config.json'): string {
  const file = join(t.testdir(), name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const config = {
  target: 'http://127.0.0.1:4010',
  apis: ['flolive'],
  suites: ['my-suites'],
  username: 'ops',
  reporters: ['json', 'junit'],
  out: 'ci-reports',
  strict: true,
  grep: 'rotation',
  concurrency: 2,
  timeout: 5000,
  maxBody: 4096,
  seed: 42,
  fuzz: 10,
  vars: { region: 'eu', accessToken: 'from-file' },
  headers: { 'X-Tenant': 't1', 'X-Trace': 'file' },
};

t.test('each key of the file reaches the run as its flag would', async (t) => {
  const file = write(t, config);
  const args = await parse(runCommand, ['run', '--config', file]);
  t.match(args, {
    target: 'http://127.0.0.1:4010',
    api: ['flolive'],
    suite: [join(t.testdirName, 'my-suites')],
    username: 'ops',
    reporter: ['json', 'junit'],
    out: join(t.testdirName, 'ci-reports'),
    strict: true,
    grep: 'rotation',
    concurrency: 2,
    timeout: 5000,
    maxBody: 4096,
    seed: 42,
    fuzz: 10,
    var: ['region=eu', 'accessToken=from-file'],
    header: ['X-Tenant: t1', 'X-Trace: file'],
  });
});

t.test('flags given win over the file, which wins over the defaults', async (t) => {
  const file = write(t, config);
  const flags = ['--api', 'vcf', '--out', 'here', '--seed', '7', '--no-strict', '--reporter', 'tap'];
  const args = await parse(runCommand, ['run', '--config', file, ...flags, '--concurrency', '1']);
  t.match(args, { api: ['vcf'], out: 'here', seed: 7, strict: false, reporter: ['tap'], concurrency: 1 });
  t.match(args, { timeout: 5000, grep: 'rotation' }, 'keys without a flag still come from the file');
  const merged = await parse(runCommand, [
    'run',
    '--config',
    file,
    '--var',
    'accessToken=cli',
    '--header',
    'X-Trace: cli',
  ]);
  t.same(
    merged.var,
    ['region=eu', 'accessToken=from-file', 'accessToken=cli'],
    'the flag comes last: it wins',
  );
  t.same(merged.header, ['X-Tenant: t1', 'X-Trace: file', 'X-Trace: cli']);
  const bare = await parse(runCommand, ['run', '--config', write(t, {})]);
  t.match(bare, {
    out: 'reports',
    concurrency: 4,
    strict: false,
    reporter: ['console', 'json', 'junit', 'html'],
  });
  t.equal(bare.var, undefined);
});

t.test('an unusable file stops the parse with its ConfigError (exit 2)', async (t) => {
  await t.rejects(parse(runCommand, ['run', '--config', join(t.testdirName, 'missing.json')]), {
    name: 'ConfigError',
    exitCode: EXIT.USAGE,
    message: /missing\.json: no such configuration file/,
  });
  const error = await parse(runCommand, ['run', '--config', write(t, { timeout: 0 })]).catch((e) => e);
  t.type(error, ConfigError);
  t.match(error, { exitCode: EXIT.USAGE, pointer: '/timeout', message: /at \/timeout: must be >= 1/ });
});

t.test('baseline feeds the --baseline option, and only a command that has one', async (t) => {
  const file = write(t, { baseline: 'known-failures.json' });
  const withBaseline = (y: Argv) =>
    withConfig(
      y.option('baseline', { type: 'string' }),
      { command: 'x', options: { baseline: 'baseline' } },
      ['baseline'],
    );
  const args = await withBaseline(yargs(['--config', file]))
    .strict()
    .parseAsync();
  t.equal(args.baseline, join(t.testdirName, 'known-failures.json'), 'resolved against the file');
  const flag = await withBaseline(yargs(['--config', file, '--baseline', 'mine.json']))
    .strict()
    .parseAsync();
  t.equal(flag.baseline, 'mine.json');
  const without = withConfig(
    yargs(['--config', file]),
    { command: 'x', options: { baseline: 'baseline' } },
    [],
  );
  await t.rejects(async () => without.fail(false).parseAsync(), {
    name: 'ConfigError',
    message: /tokenrig\.config\.json at \/baseline: tokenrig x has no --baseline$/,
  });
});

t.test('validate reads the suites and vars of the file', async (t) => {
  const file = write(t, config);
  const args = await parse(validateCommand, ['validate', '--config', file, '--var', 'extra=1']);
  t.match(args, {
    files: [join(t.testdirName, 'my-suites')],
    var: ['region=eu', 'accessToken=from-file', 'extra=1'],
  });
  const given = await parse(validateCommand, ['validate', '--config', file, 'other.json']);
  t.same(given.files, ['other.json'], 'files given win');
});
