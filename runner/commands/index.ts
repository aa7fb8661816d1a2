import type { CommandModule } from 'yargs';
import { COMMAND_DESCRIPTIONS, type CommandName } from './descriptions.js';

// yargs calls each command with its own argument type; the list only needs what all of them share.
// biome-ignore lint/suspicious/noExplicitAny: a command's argument type is its own business
type AnyCommand = CommandModule<object, any>;

export interface CommandEntry {
  readonly name: CommandName;
  /** The line `tokenrig --help` shows; the command module uses it too, so the two cannot drift. */
  readonly describe: string;
  readonly load: () => Promise<AnyCommand>;
}

/**
 * Every command, with how to load it. Only the command being run is imported: `tokenrig mock` does not
 * load the runner, its reporters and suites (about 20 ms of the mock's cold start).
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'mock',
    describe: COMMAND_DESCRIPTIONS.mock,
    load: async () => (await import('./mock.js')).mockCommand,
  },
  {
    name: 'run',
    describe: COMMAND_DESCRIPTIONS.run,
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'list',
    describe: COMMAND_DESCRIPTIONS.list,
    load: async () => (await import('./list.js')).listCommand,
  },
  {
    name: 'validate',
    describe: COMMAND_DESCRIPTIONS.validate,
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'verify',
    describe: COMMAND_DESCRIPTIONS.verify,
    load: async () => (await import('./verify.js')).verifyCommand,
  },
];

/**
 * The modules yargs needs for these arguments: the named command's alone, or every command's when no
 * command is named first (bare `--help`, a typo yargs should suggest a command for). A command not
 * loaded still appears in the help, by name and description.
 */
export async function loadCommands(argv: readonly string[]): Promise<AnyCommand[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMANDS.some((c) => c.name === first);
  return Promise.all(
    COMMANDS.map((c) =>
      !named || c.name === first
        ? c.load()
        : Promise.resolve<AnyCommand>({
            command: c.name,
            describe: c.describe,
            handler: () => {
              throw new Error(`tokenrig: ${c.name} was not loaded`);
            },
          }),
    ),
  );
}

// Until validate.ts reads it from descriptions.ts (the suites helper's file); then this line goes.
export { describeCommand } from './descriptions.js';
