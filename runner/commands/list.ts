import type { Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { loadContracts, PROFILE_IDS, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { SUITE_OPTIONS } from '../options.js';
import { loadSuites, SUITES_DIR, SuiteError } from '../suite/load.js';
import { describeCommand } from './descriptions.js';

type ListArgs = InferredOptionTypes<typeof SUITE_OPTIONS>;

/**
 * `tokenrig list`: what there is to run: profiles, their operations and statuses, suites and case counts.
 */
export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: describeCommand('list'),
  builder: (yargs: Argv) => yargs.options(SUITE_OPTIONS),
  handler: (args) => {
    const apis: ProfileId[] = args.api?.length ? [...new Set(args.api)] : [...PROFILE_IDS];
    // Our own schemas, meta-validated by the schema tests; compiling the meta-schema at every run is waste.
    const contracts = loadContracts(PROFILE_IDS, SCHEMAS_DIR, { validateSchemas: false });
    let suites: ReturnType<typeof loadSuites>;
    try {
      suites = loadSuites(args.suite?.length ? args.suite : [SUITES_DIR], contracts);
    } catch (error) {
      if (error instanceof SuiteError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    const lines: string[] = [];
    for (const id of apis) {
      const contract = contracts.get(id);
      lines.push(`${id} — ${contract?.title ?? ''}`);
      for (const op of contract?.operations.values() ?? []) {
        lines.push(
          `  ${op.id.padEnd(14)} ${`${op.method} ${op.path}`.padEnd(42)} ${op.responses.map((r) => r.status).join(' ')}`,
        );
      }
      for (const { file, suite } of suites.filter((s) => s.suite.profile === id)) {
        const must = suite.cases.filter((c) => (c.severity ?? 'must') === 'must').length;
        lines.push(
          `  suite ${file}: ${suite.cases.length} cases (${must} must, ${suite.cases.length - must} should)`,
        );
      }
    }
    console.log(lines.join('\n'));
  },
};
