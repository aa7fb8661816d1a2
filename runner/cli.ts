import yargs from 'yargs';
import { loadCommands } from './commands/index.js';
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
      .demandCommand(1, 'Choose a command: mock, run, list or validate')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns || 110))
      // yargs goes on to run the command after a custom fail handler returns, so it must throw.
      .fail((message, error) => {
        if (error) throw error;
        throw new CliError(`${message}\nRun tokenrig --help for usage.`, EXIT.USAGE);
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`tokenrig: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
  return EXIT.OK;
}
