/**
 * The CLI process as bin/tokenrig.js starts it: from dist/runner/ after tsc, or as the single module
 * the build bundles it into (dist/tokenrig.mjs, bin/build-bundle.js).
 */
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';

process.exitCode = await main(hideBin(process.argv));
