import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { EXIT, EXIT_MEANINGS } from '../runner/exit-codes.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

/** The rows of the README's exit-code table (under `### Exit codes`), as code → meaning. */
function readmeTable(): Map<number, string> {
  const section = readme.split('\n### Exit codes\n')[1]?.split('\n### ')[0] ?? '';
  const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)];
  return new Map(rows.map((m) => [Number(m[1]), m[2] ?? '']));
}

t.test("the README's exit-code table is runner/exit-codes.ts, code for code and word for word", async (t) => {
  const table = readmeTable();
  t.ok(table.size > 0, 'the table is found');
  t.same([...table.keys()], Object.values(EXIT), 'every code, in order, and no other');
  for (const [code, meaning] of Object.entries(EXIT_MEANINGS)) {
    t.equal(table.get(Number(code)), meaning, `exit ${code}`);
  }
});

t.test('run --help names every exit code and its meaning', async (t) => {
  // The epilogue is built from the same table, so it cannot leave a code out.
  const { exitEpilogue } = await import('../runner/commands/run.js');
  for (const code of Object.values(EXIT)) t.match(exitEpilogue(), new RegExp(`\\b${code} `), `exit ${code}`);
});
