import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { BIN, runProcess } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';
import { readConfig } from './config-file.js';

/**
 * The README's "Configuration file" example, run as pasted: its JSON block as tokenrig.config.json in a
 * fresh folder, then each line of its sh block there (`npx tokenrig` is this checkout's bin script, which
 * is what npx runs in a project that installed tokenrig).
 */
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const section = /### Configuration file\n([\s\S]*?)\n### /.exec(readme)?.[1] ?? '';
const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const lines = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n').filter(Boolean);

t.test('the README example config is valid, and each command in it does what its comment says', async (t) => {
  t.ok(json && lines.length === 3, 'the section has its JSON and its three commands');
  const dir = t.testdir();
  const file = join(dir, 'tokenrig.config.json');
  writeFileSync(file, json);
  t.match(readConfig(file), { apis: ['flolive', 'kirjaswappi'], strict: true });
  const run = (line: string) =>
    runProcess('bash', [
      '-euo',
      'pipefail',
      '-c',
      `cd '${dir}' && ${line.replace(/^npx tokenrig/, `node '${BIN}'`)}`,
    ]);

  const [all, flags, validate] = lines;
  const first = await run(all ?? '');
  t.equal(first.code, EXIT.OK, first.stderr);
  t.match(first.stdout, /exit 0: no must failure/);
  const junit = join(dir, 'reports', 'conformance', 'junit.xml');
  t.ok(existsSync(junit), 'the JUnit report where the file says');
  const suites = [...readFileSync(junit, 'utf8').matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
  t.same(suites, ['flolive', 'kirjaswappi'], 'the profiles the file names, and only those');

  const second = await run(flags ?? '');
  t.equal(second.code, EXIT.OK, second.stderr);
  t.match(second.stdout, /^ {2}flolive\s/m);
  t.notMatch(second.stdout, /kirjaswappi/, '--api won over the file');

  const third = await run(validate ?? '');
  t.equal(third.code, EXIT.OK, third.stderr);
  t.match(third.stdout, /^ok .*flolive\.suite\.json: flolive, \d+ cases/m);
});
