import type { Argv, CommandModule } from 'yargs';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findSuiteFiles, loadSuites, SUITES_DIR, SuiteError } from '../suite/load.js';
import { describeCommand } from './descriptions.js';

interface ValidateArgs {
  files: string[];
}

/**
 * `tokenrig validate <files>`: checks suite files without running them (exit 2 if any is bad). A fragment
 * no case uses is a warning on stderr, as linters treat an unused definition: the suite still runs.
 */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: describeCommand('validate'),
  builder: (yargs: Argv) =>
    yargs.positional('files', {
      type: 'string',
      array: true,
      default: [SUITES_DIR],
      describe: "Suite files or folders (default: tokenrig's own suites/)",
    }),
  handler: (args) => {
    const contracts = loadContracts(PROFILE_IDS);
    const problems: string[] = [];
    let files: string[];
    try {
      files = findSuiteFiles(args.files);
    } catch (error) {
      if (error instanceof SuiteError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    for (const file of files) {
      try {
        const [loaded] = loadSuites([file], contracts);
        console.log(`ok ${file}: ${loaded?.suite.profile}, ${loaded?.suite.cases.length} cases`);
        for (const warning of loaded?.warnings ?? []) console.error(`warning: ${warning.message}`);
      } catch (error) {
        if (!(error instanceof SuiteError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0)
      throw new CliError(`invalid suite files:\n  ${problems.join('\n  ')}`, EXIT.USAGE);
  },
};
