#!/usr/bin/env node
// The build's last step (npm run build, after tsc and the validators): the CLI and every module it
// loads, dependencies included, as one ES module, dist/tokenrig.mjs. Node loads one file where it
// loaded over two hundred, which was most of the mock's cold start. It is built from tsc's output, so
// it runs exactly the code of dist/; bin/tokenrig.js falls back to dist/runner/entry.js when the
// bundle is missing or older than that output (a tsc-only rebuild). ajv and faker stay outside: they
// are loaded on first use with createRequire, which esbuild leaves alone.
let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  // A checkout whose node_modules predates the bundle: the CLI runs from the modules, as bin/tokenrig.js
  // does whenever the bundle is older than tsc's output.
  console.warn('tokenrig build: esbuild is not installed (npm ci installs it); the CLI runs unbundled');
  process.exit(0);
}

await esbuild.build({
  entryPoints: [new URL('../dist/runner/entry.js', import.meta.url).pathname],
  outfile: new URL('../dist/tokenrig.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // CommonJS dependencies inside the bundle (escape-html, parts of yargs) call require(); an ES module
  // has none of its own.
  banner: {
    js: "import { createRequire as __tokenrigCreateRequire } from 'node:module'; const require = __tokenrigCreateRequire(import.meta.url);",
  },
  // yargs finds its locale files and the package's version from its own file's location (import.meta.url),
  // which inside a bundle is the bundle's: it is loaded from node_modules instead.
  external: ['yargs', 'yargs/*'],
  logLevel: 'warning',
});
