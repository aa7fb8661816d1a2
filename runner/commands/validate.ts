import type { Argv, CommandModule } from 'yargs';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parsePairs } from '../options.js';
import { findSuiteFiles, type LoadedSuite, loadSuites, SUITES_DIR, SuiteError } from '../suite/load.js';
import { describeCommand } from './descriptions.js';

interface ValidateArgs {
  files: string[];
  var?: string[];
}

/** What a valid suite takes from `--var`, as lines under its `ok` line. */
function variablesOf({ variables }: LoadedSuite): string[] {
  const lines: string[] = [];
  if (variables.fromVars.length > 0) lines.push(`  reads from --var: ${variables.fromVars.join(', ')}`);
  if (variables.session.length > 0) {
    const flags = variables.session.map((name) => `--var ${name}=…`).join(' ');
    lines.push(`  ${flags} would replace its login`);
  }
  return lines;
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
        console.log(`ok ${file}: ${loaded.suite.profile}, ${loaded.suite.cases.length} cases`);
        for (const line of variablesOf(loaded)) console.log(line);
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
