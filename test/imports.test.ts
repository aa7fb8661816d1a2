/**
 * The import rule of issue 11, read from the import lines themselves: only `run`'s embedded target and
 * the `mock` command reach into mocks/ from runner/ (the executor, checks and reporters never do, not
 * even through another file), and no module imports itself round a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'reports', '.tap', 'coverage']);

/** The runner files that may import mocks/: they start or are the mock. */
const MAY_IMPORT_MOCKS = new Set([
  'runner/commands/embedded-target.ts',
  'runner/commands/mock.ts',
  // The mock command's --workers, in a file of its own.
  'runner/commands/mock-workers.ts',
]);

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** Relative import and export-from specifiers of one source, with the line each starts on. */
function importsOf(source: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  // `import … from '…'` and `export … from '…'` (also spread over lines), `import '…'`, `import('…')`.
  const pattern =
    /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec === undefined || !spec.startsWith('.')) continue;
    out.push({ spec, line: source.slice(0, match.index).split('\n').length });
  }
  return out;
}

/** Every .ts file's relative imports as edges between repo-relative paths (`.js` specifiers name `.ts`). */
function repoGraph(): Edge[] {
  const edges: Edge[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const from = relative(ROOT, path);
        for (const { spec, line } of importsOf(readFileSync(path, 'utf8'))) {
          const to = relative(ROOT, resolve(dirname(path), spec)).replace(/\.js$/, '.ts');
          edges.push({ from, to, line });
        }
      }
    }
  };
  walk(ROOT);
  return edges;
}

const isTest = (file: string) => file.endsWith('.test.ts');

/**
 * Rule (a): a runner file that is not allowed to, importing mocks/ directly (file:line) or through
 * other files (the chain). Tests are exempt: a test may start a real mock to run against.
 */
function mockImportViolations(edges: readonly Edge[]): string[] {
  const byFile = new Map<string, Edge[]>();
  for (const e of edges) byFile.set(e.from, [...(byFile.get(e.from) ?? []), e]);
  const out: string[] = [];
  for (const file of byFile.keys()) {
    if (!file.startsWith('runner/') || isTest(file) || MAY_IMPORT_MOCKS.has(file)) continue;
    // Breadth-first over the files it loads, never through an allowed file or a test.
    const via = new Map<string, Edge>();
    const queue = [file];
    while (queue.length > 0) {
      // The loop runs only while the queue holds a file.
      const at = queue.shift() as string;
      for (const e of byFile.get(at) ?? []) {
        if (via.has(e.to) || e.to === file || MAY_IMPORT_MOCKS.has(e.to) || isTest(e.to)) continue;
        via.set(e.to, e);
        if (e.to.startsWith('mocks/')) {
          const chain: Edge[] = [];
          for (let step: Edge | undefined = e; step; step = via.get(step.from)) chain.unshift(step);
          out.push(
            chain.length === 1
              ? `${file}:${e.line} imports ${e.to}`
              : `${file} reaches ${e.to} through ${chain.map((c) => `${c.from}:${c.line}`).join(' → ')}`,
          );
          queue.length = 0;
          break;
        }
        queue.push(e.to);
      }
    }
  }
  return out;
}

/** Rule (b): every import cycle, as its files in import order with the line of each import. */
function importCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Edge[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  const cycles: string[] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: Edge[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    for (const e of next.get(file) ?? []) {
      if (state.get(e.to) === 'open') {
        const start = path.findIndex((p) => p.from === e.to);
        const loop = [...(start === -1 ? [] : path.slice(start)), e];
        // One report per set of files, however many ways the search walks into it.
        const key = loop
          .map((l) => l.from)
          .sort()
          .join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(`${loop.map((l) => `${l.from}:${l.line}`).join(' → ')} → ${e.to}`);
        }
      } else if (!state.has(e.to)) {
        path.push(e);
        visit(e.to);
        path.pop();
      }
    }
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

t.test('the import reader finds every form of import, with its line', async (t) => {
  const source = [
    "import { a } from './a.js';", // 1
    "import type { B } from '../b.js';",
    'import {',
    '  c,',
    "} from './c.js';", // 3..5
    "export { d } from './d.js';",
    "export * from './e.js';",
    "import './side-effect.js';",
    "const lazy = await import('./lazy.js');",
    "import t from 'tap';", // a package: not part of the graph
    "// import { nothing } from './commented-out.js'",
  ].join('\n');
  t.same(
    importsOf(source).map((i) => `${i.line} ${i.spec}`),
    ['1 ./a.js', '2 ../b.js', '3 ./c.js', '6 ./d.js', '7 ./e.js', '8 ./side-effect.js', '9 ./lazy.js'],
  );
});

t.test('rule (a) fails on a runner file that reaches mocks/, directly or not, and only then', async (t) => {
  const edges: Edge[] = [
    { from: 'runner/run/step.ts', to: 'mocks/core/random.ts', line: 4 },
    { from: 'runner/reporters/html.ts', to: 'runner/util.ts', line: 2 },
    { from: 'runner/util.ts', to: 'mocks/app.ts', line: 7 },
    { from: 'runner/commands/run.ts', to: 'runner/commands/embedded-target.ts', line: 9 },
    { from: 'runner/commands/embedded-target.ts', to: 'mocks/server.ts', line: 1 },
    { from: 'runner/commands/mock.ts', to: 'mocks/server.ts', line: 1 },
    { from: 'runner/run/step.test.ts', to: 'mocks/server.ts', line: 3 },
    { from: 'bench/runner.ts', to: 'mocks/server.ts', line: 3 },
  ];
  t.same(mockImportViolations(edges).sort(), [
    'runner/reporters/html.ts reaches mocks/app.ts through runner/reporters/html.ts:2 → runner/util.ts:7',
    'runner/run/step.ts:4 imports mocks/core/random.ts',
    'runner/util.ts:7 imports mocks/app.ts',
  ]);
  t.same(mockImportViolations(edges.slice(3)), [], 'the allowed files, tests and the bench pass');
});

t.test('rule (b) lists each cycle once, with the line of every import in it', async (t) => {
  const edges: Edge[] = [
    { from: 'mocks/app.ts', to: 'mocks/admin/admin.ts', line: 5 },
    { from: 'mocks/admin/admin.ts', to: 'mocks/app.ts', line: 2 },
    { from: 'a.ts', to: 'b.ts', line: 1 },
    { from: 'b.ts', to: 'c.ts', line: 1 },
    { from: 'c.ts', to: 'a.ts', line: 3 },
    { from: 'self.ts', to: 'self.ts', line: 1 },
    { from: 'x.ts', to: 'a.ts', line: 1 },
  ];
  t.same(importCycles(edges), [
    'a.ts:1 → b.ts:1 → c.ts:3 → a.ts',
    'mocks/admin/admin.ts:2 → mocks/app.ts:5 → mocks/admin/admin.ts',
    'self.ts:1 → self.ts',
  ]);
  t.same(importCycles(edges.filter((e) => e.from !== 'c.ts' && e.from !== 'self.ts' && e.line !== 2)), []);
});

t.test(
  'in this repository: only the embedded target and the mock command import mocks/ from runner/',
  async (t) => {
    t.same(mockImportViolations(repoGraph()), []);
  },
);

t.test('in this repository: no import cycle', async (t) => {
  t.same(importCycles(repoGraph()), []);
});
