import yargs from 'yargs';
import { mockCommand } from './commands/mock.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * tokenrig's command line. Every command module is listed here explicitly; yargs runs in strict mode so
 * a mistyped flag is a usage error (exit 2) rather than silently ignored.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let usageError: string | undefined;
  try {
    await yargs(argv as string[])
      .scriptName('tokenrig')
      .command(mockCommand)
      .demandCommand(1, 'Choose a command: tokenrig mock')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns || 110))
      .fail((message, error) => {
        if (error) throw error;
        usageError = message;
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`tokenrig: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
  if (usageError !== undefined) {
    console.error(`tokenrig: ${usageError}\nRun tokenrig --help for usage.`);
    return EXIT.USAGE;
  }
  return EXIT.OK;
}
