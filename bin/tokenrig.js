#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { statSync } from 'node:fs';
import module from 'node:module';

// V8's code cache on disk (Node >= 22.1): later starts skip compiling the CLI's modules again.
module.enableCompileCache?.();

const dist = new URL('../dist/', import.meta.url);
const mtime = (file) => statSync(new URL(file, dist), { throwIfNoEntry: false })?.mtimeMs;
// The bundle (bin/build-bundle.js) when it was built from the current tsc output; after a tsc-only
// rebuild it is older than that output, and the modules themselves run.
const bundled = (mtime('tokenrig.mjs') ?? -1) >= (mtime('runner/entry.js') ?? Number.POSITIVE_INFINITY);
const entry = new URL(bundled ? 'tokenrig.mjs' : 'runner/entry.js', dist);
try {
  await import(entry);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(entry.pathname)) {
    console.error('tokenrig: not built yet; run `npm run build` (npm ci does it for you)');
    process.exit(2);
  }
  throw error;
}
