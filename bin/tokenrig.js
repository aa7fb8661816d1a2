#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import module from 'node:module';
import { hideBin } from 'yargs/helpers';

// V8's code cache on disk (Node >= 22.1): later starts skip compiling the CLI's modules again.
module.enableCompileCache?.();

let cli;
try {
  cli = await import('../dist/runner/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/runner/cli.js')) {
    console.error('tokenrig: not built yet; run `npm run build` (npm ci does it for you)');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(hideBin(process.argv));
