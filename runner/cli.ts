import yargs from 'yargs';
import { loadCommands } from './commands/index.js';
import { crashText, wantsStack } from './crash.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * tokenrig's command line. Every command module is listed here explicitly; yargs runs in strict mode so
 * a mistyped flag is a usage error (exit 2) rather than silently ignored.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await yargs(argv as string[])
      .scriptName('tokenrig')
      .command(await loadCommands(argv))
      .demandCommand(1, 'Choose a command: mock, run, list, validate or verify')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .option('verbose', {
        type: 'boolean',
        global: true,
        describe: 'On an internal error (a bug in tokenrig), print its stack trace too',
      })
      .version()
      // yargs lays out the whole help text of a command before its handler goes on (to show it on a
      // later failure, which our fail handler never does): without help asked for, it is not wrapped,
      // the costliest part of that layout, which would delay the mock's first answer.
      .wrap(showsHelp(argv) ? Math.min(110, process.stdout.columns || 110) : null)
      // yargs goes on to run the command after a custom fail handler returns, so it must throw.
      .fail((message, error) => {
        if (error) throw error;
        throw new CliError(`${message}\nRun tokenrig --help for usage.`, EXIT.USAGE);
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof CliError) {
      if (!error.shown) console.error(`tokenrig: ${error.message}`);
      return error.exitCode;
    }
    // Anything else is a bug of ours: exit 70 with a line asking for a report, never exit 1.
    process.stderr.write(crashText(error, wantsStack(argv, process.env)));
    return EXIT.INTERNAL;
  }
  return EXIT.OK;
}

function showsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--help' || arg === '-h');
}
