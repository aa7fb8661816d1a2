// The README's "Baselines of known failures" example, run as pasted against a real mock child
// process (its shell block is fenced `bash`, not `sh`, because it is a run session, not one of the
// curl sessions test/readme.test.ts checks), and its example file checked against the schema and
// against what --update-baseline really writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parseBaseline } from '../runner/baseline/file.js';
import { PLACEHOLDER_REASON } from '../runner/baseline/update.js';
import { runSnippet } from './helpers/shell-snippet.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const section = readme.split('\n### Baselines of known failures\n')[1]?.split('\n### ')[0] ?? '';
const script = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const example = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

t.test('the example session records the failures, then gates green on them', async (t) => {
  t.match(script, /--update-baseline/);
  const dir = t.testdir();
  const result = await runSnippet(script, dir);
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, /baseline known-failures\.json written: \d+ entries, \d+ added/);
  t.match(result.stdout, /exit 0: no new must failure in \d+ cases \(3 failed, known in the baseline/);
  const written = parseBaseline(
    'known-failures.json',
    readFileSync(join(dir, 'known-failures.json'), 'utf8'),
  );
  t.ok(written.entries.length > 0);
  t.ok(
    written.entries.every((e) => e.reason === PLACEHOLDER_REASON),
    'each new entry awaits its reason',
  );

  const shown = parseBaseline('README', example).entries;
  t.equal(shown.length, 1);
  for (const entry of shown) {
    t.ok(
      written.entries.some(
        (w) => w.case === entry.case && w.check === entry.check && w.title === entry.title,
      ),
      `the README's entry for ${entry.case} is one the run wrote`,
    );
  }
});
