/**
 * The CLI process as bin/tokenrig.js starts it: from dist/runner/ after tsc, or as the single module
 * the build bundles it into (dist/tokenrig.mjs, bin/build-bundle.js).
 */
import cluster from 'node:cluster';
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';
import { keepQuietWhenClosed } from './closed-output.js';
import { crashText, wantsStack } from './crash.js';
import { EXIT } from './exit-codes.js';

const argv = hideBin(process.argv);
// `tokenrig run | head -3`: a reader that leaves early is not a crash (runner/closed-output.ts).
keepQuietWhenClosed(process.stdout, process.stderr);
// An exception no command caught (a callback, a promise nobody awaited) is a bug in tokenrig all the
// same: the one line and exit 70, not Node's trace and exit 1.
const crashed = (error: unknown) => {
  process.stderr.write(crashText(error, wantsStack(argv, process.env)));
  process.exit(EXIT.INTERNAL);
};
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

process.exitCode = await main(argv);
// A worker of `tokenrig mock --workers` (runner/commands/mock-workers.ts) is held open by its channel
// to the primary; done, it lets go, so it exits with its code and the primary sees why.
if (cluster.isWorker) process.disconnect();
