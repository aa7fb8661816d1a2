import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { BIN, type Outcome, runProcess } from './helpers/spawn.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'tokenrig.mjs');
const MODULES = join(ROOT, 'dist', 'runner', 'entry.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

t.test(
  'bin/tokenrig.js runs the bundle only when it is at least as new as the compiled modules',
  async (t) => {
    // A copy of the bin script over a dist/ whose two entries say which one ran.
    const dir = mkdtempSync(join(tmpdir(), 'tokenrig-bin-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist', 'runner'), { recursive: true });
    copyFileSync(BIN, join(dir, 'bin', 'tokenrig.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const bundle = join(dir, 'dist', 'tokenrig.mjs');
    const modules = join(dir, 'dist', 'runner', 'entry.js');
    writeFileSync(bundle, "console.log('bundle')");
    writeFileSync(modules, "console.log('modules')");
    const ran = async () =>
      (await runProcess(process.execPath, [join(dir, 'bin', 'tokenrig.js')])).stdout.trim();

    utimesSync(modules, 1_000, 1_000);
    utimesSync(bundle, 2_000, 2_000);
    t.equal(await ran(), 'bundle', 'a bundle built after tsc');
    utimesSync(modules, 3_000, 3_000);
    t.equal(await ran(), 'modules', 'a tsc-only rebuild after the bundle');
    rmSync(bundle);
    t.equal(await ran(), 'modules', 'no bundle');
    rmSync(modules);
    const missing = await runProcess(process.execPath, [join(dir, 'bin', 'tokenrig.js')]);
    t.equal(missing.code, 2);
    t.match(missing.stderr, /not built yet; run `npm run build`/);
  },
);

/** Runs `entry args` in `cwd` under a German locale, to its end. */
function inFolder(cwd: string, entry: string, args: readonly string[]): Promise<Outcome> {
  return runProcess(process.execPath, [entry, ...args], {
    cwd,
    env: { ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
  });
}

t.test('the bundle answers as the compiled modules do', async (t) => {
  // From another folder: a bundled yargs would look for its locales and the package's version next to
  // the bundle (it finds both from its own file's location), and print "unknown".
  t.ok(existsSync(BUNDLE), 'dist/tokenrig.mjs is built (npm run build)');
  const other = mkdtempSync(join(tmpdir(), 'tokenrig-cwd-'));
  t.teardown(() => rmSync(other, { recursive: true, force: true }));
  for (const args of [
    ['--version'],
    ['run', '--help'],
    ['mock', '--help'],
    ['run', '--bogus'],
    ['list', '--api', 'vcf'],
  ]) {
    const bundled = await inFolder(other, BUNDLE, args);
    const modules = await inFolder(other, MODULES, args);
    t.strictSame(bundled, modules, args.join(' '));
  }
  const version = await runProcess(process.execPath, [BUNDLE, '--version']);
  t.equal(version.stdout.trim(), VERSION);
});
