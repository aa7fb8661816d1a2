import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * Everything tokenrig ships or prints cites sources its users can open: a vendor page by site and
 * title, a vendor repository and file, an RFC section, or the project's own docs/profiles/. The notes
 * the project was written from live outside the repository, so a reference to them would be a dead
 * link in every report, suite, schema and page of the README.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'reports', 'coverage', '.tap']);

// Spelled in pieces so that this file does not contain what it looks for.
const FORBIDDEN: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a numbered seed page', pattern: new RegExp(`\\b${'seed'}s? ?0\\d\\d\\b`, 'i') },
  { name: 'the seeds folder', pattern: new RegExp(`${'seeds'}/`) },
  { name: 'the internal contract file', pattern: new RegExp(`api-${'profiles'}\\.md`) },
  { name: 'the shared folder beside the repository', pattern: new RegExp(`\\.\\./${'shared'}\\b`) },
];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|js|mjs|json|md|html|txt|yml|yaml)$|^run$/.test(entry)) yield path;
  }
}

function findDeadCitations(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { name, pattern } of FORBIDDEN) {
      const match = pattern.exec(line);
      if (match) found.push(`line ${i + 1}: ${name} (${JSON.stringify(match[0])})`);
    }
  });
  return found;
}

t.test('no file of the product cites a source its users cannot open', async (t) => {
  const problems: string[] = [];
  let scanned = 0;
  for (const file of files(ROOT)) {
    if (file.endsWith('package-lock.json')) continue;
    scanned++;
    for (const p of findDeadCitations(readFileSync(file, 'utf8')))
      problems.push(`${relative(ROOT, file)} ${p}`);
  }
  t.ok(scanned > 100, `scanned ${scanned} files`);
  t.same(problems, []);
});

t.test('the scan can fail: each kind of dead citation is found', async (t) => {
  t.equal(findDeadCitations(`"clauses": ["${'seed'} 000 §Responses 400"]`).length, 1);
  t.equal(findDeadCitations(`see ${'seeds'}/001_x.txt`).length, 1);
  t.equal(findDeadCitations(`the contract (api-${'profiles'}.md §vcf)`).length, 1);
  t.equal(findDeadCitations(`[contract](../${'shared'}/x)`).length, 1);
  t.same(
    findDeadCitations('VMware Cloud Foundation API reference, "Refresh Access Token"; RFC 9110 §15.6'),
    [],
  );
});
