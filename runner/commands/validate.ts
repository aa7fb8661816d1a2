import type { Argv, CommandModule } from 'yargs';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { withConfig } from '../config/with-config.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parsePairs } from '../options.js';
import { findSuiteFiles, type LoadedSuite, loadSuites, SUITES_DIR, SuiteError } from '../suite/load.js';
import { describeCommand } from './descriptions.js';

interface ValidateArgs {
  files: string[];
  var?: string[];
}

/** What a valid suite takes from `--var`, said on its `ok` line (one line per suite). */
function variablesOf({ variables }: LoadedSuite): string {
  const parts: string[] = [];
  if (variables.fromVars.length > 0) parts.push(`reads --var ${variables.fromVars.join(', ')}`);
  if (variables.session.length > 0) {
    const [only, ...more] = variables.session;
    parts.push(
      more.length === 0
        ? `--var ${only} replaces its login`
        : `--var ${variables.session.join(', ')} together replace its login`,
    );
  }
  return parts.map((p) => `; ${p}`).join('');
}

/**
 * `tokenrig validate <files>`: checks suite files without running them (exit 2 if any is bad), as
 * `tokenrig run` does before its first request; `--var` names the variables the run will be given. A
 * fragment no case uses is a warning on stderr, as linters treat an unused definition: the suite still runs.
 */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: describeCommand('validate'),
  builder: (yargs: Argv) =>
    withConfig(
      yargs
        .positional('files', {
          type: 'string',
          array: true,
          default: [SUITES_DIR],
          describe: "Suite files or folders (default: tokenrig's own suites/)",
        })
        .option('var', {
          type: 'string',
          array: true,
          nargs: 1,
          describe: 'A variable the run will be given (key=value, as for run; only the key matters here)',
        }),
      // A config file's suites and vars, as the run it describes reads them.
      { command: 'validate', options: { suites: 'files' }, vars: true },
      ['files'],
    ),
  handler: (args) => {
    const contracts = loadContracts(PROFILE_IDS);
    const problems: string[] = [];
    let files: string[];
    let vars: string[];
    try {
      vars = Object.keys(parsePairs(args.var ?? [], '--var'));
      files = findSuiteFiles(args.files);
    } catch (error) {
      if (error instanceof SuiteError || error instanceof TypeError)
        throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    for (const file of files) {
      try {
        const [loaded] = loadSuites([file], contracts, { vars });
        if (!loaded) continue;
        const { profile, cases } = loaded.suite;
        console.log(`ok ${loaded.file}: ${profile}, ${cases.length} cases${variablesOf(loaded)}`);
        for (const warning of loaded.warnings) console.error(`warning: ${warning.message}`);
      } catch (error) {
        if (!(error instanceof SuiteError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0)
      throw new CliError(`invalid suite files:\n  ${problems.join('\n  ')}`, EXIT.USAGE);
  },
};
