import t from 'tap';
import { BIN, runProcess } from '../test/helpers/spawn.js';
import { crashText, wantsStack } from './crash.js';
import { EXIT } from './exit-codes.js';

/**
 * A bug planted in the real CLI from outside, as no test hook exists in tokenrig itself: a module
 * loaded before it (`node --import`) that makes the JSON reporter's serialisation of the report throw,
 * as a bug in a reporter would.
 */
const BUGGY_REPORTER = `data:text/javascript,${encodeURIComponent(`
  const stringify = JSON.stringify;
  JSON.stringify = function (value, ...rest) {
    if (value && typeof value === 'object' && 'exitReason' in value) throw new TypeError('planted bug in a reporter');
    return stringify.call(this, value, ...rest);
  };
`)}`;
/**
 * An exception thrown from a callback nobody awaits, outside any command's try: planted on the run's
 * first case line, so it happens while the run goes on.
 */
const STRAY_THROW = `data:text/javascript,${encodeURIComponent(`
  const write = process.stdout.write.bind(process.stdout);
  let planted = false;
  process.stdout.write = (chunk, ...rest) => {
    if (!planted && String(chunk).includes('PASS')) {
      planted = true;
      setImmediate(() => { throw new RangeError('planted stray exception'); });
    }
    return write(chunk, ...rest);
  };
`)}`;

function tokenrigWith(preload: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return runProcess(process.execPath, ['--import', preload, BIN, ...args], {
    env: { ...process.env, DEBUG: '', ...env },
  });
}

t.test('an internal error exits 70 with one line asking for a report; never exit 1', async (t) => {
  const out = t.testdir();
  const run = await tokenrigWith(BUGGY_REPORTER, ['run', '--api', 'vcf', '--out', out]);
  t.equal(run.code, EXIT.INTERNAL, run.stderr);
  t.match(run.stderr, /^tokenrig: internal error \(exit 70\): TypeError: planted bug in a reporter$/m);
  t.match(run.stderr, /This is a bug in tokenrig, not a finding about the target: please report it/);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack without --verbose');
  t.match(run.stdout, /exit 0: no must failure/, 'the console report still finished');

  const verbose = await tokenrigWith(BUGGY_REPORTER, ['run', '--api', 'vcf', '--out', out, '--verbose']);
  t.equal(verbose.code, EXIT.INTERNAL);
  t.match(verbose.stderr, /TypeError: planted bug in a reporter\n\s+at /, '--verbose: the stack follows');
  const debug = await tokenrigWith(BUGGY_REPORTER, ['run', '--api', 'vcf', '--out', out], {
    DEBUG: 'tokenrig',
  });
  t.equal(debug.code, EXIT.INTERNAL);
  t.match(debug.stderr, /\n\s+at /, 'DEBUG=tokenrig: the stack follows');
});

t.test(
  'an exception outside any command (a stray timer) is exit 70 too, not Node’s trace and exit 1',
  async (t) => {
    const run = await tokenrigWith(STRAY_THROW, ['run', '--api', 'vcf', '--out', t.testdir()]);
    t.equal(run.code, EXIT.INTERNAL, run.stderr);
    t.match(run.stderr, /tokenrig: internal error \(exit 70\): RangeError: planted stray exception/);
    t.notMatch(run.stderr, /Node\.js v\d|\n\s+at /);
  },
);

t.test('the stack is asked for with --verbose or a DEBUG naming tokenrig', async (t) => {
  t.ok(wantsStack(['run', '--verbose'], {}));
  for (const debug of ['tokenrig', '*', 'express,tokenrig', 'tokenrig:*'])
    t.ok(wantsStack([], { DEBUG: debug }), debug);
  for (const debug of ['', 'express', 'tokenrigger']) t.notOk(wantsStack([], { DEBUG: debug }), debug);
  const error = new Error('first line\nsecond line');
  t.equal(
    crashText(error, false).split('\n')[0],
    'tokenrig: internal error (exit 70): Error: first line',
    'one line, whatever the message holds',
  );
  t.match(crashText('a thrown string', false), /internal error \(exit 70\): a thrown string/);
  t.match(crashText(error, true), /second line\n\s+at /);
});
