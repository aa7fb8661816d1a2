import type { Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { loadContracts, PROFILE_IDS, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { openRunBaseline } from '../baseline/run-baseline.js';
import { isClosed, writeIfOpen } from '../closed-output.js';
import { RUN_CONFIG, withConfig } from '../config/with-config.js';
import { PlanError, randomSeed } from '../executor.js';
import { CliError, EXIT, EXIT_MEANINGS } from '../exit-codes.js';
import type { RunReport } from '../model.js';
import { DEFAULT_CREDENTIALS, parseHeaders, parsePairs, RUN_DEFAULTS, SUITE_OPTIONS } from '../options.js';
import { colorFor } from '../reporters/color.js';
import { finishReporters } from '../reporters/finish.js';
import { REPORTERS, resolveReporters, UnknownReporterError } from '../reporters/index.js';
import { execute } from '../run/execute.js';
import { onInterrupt } from '../run/interrupt.js';
import { prepareOut, systemMessage } from '../run/out-dir.js';
import { reportOf } from '../run/summary.js';
import { loadSuites, SUITES_DIR, SuiteError } from '../suite/load.js';
import { describeCommand } from './descriptions.js';
import { resolveTarget } from './embedded-target.js';

const options = {
  target: {
    type: 'string',
    describe: 'Base URL of the implementation under test (default: the built-in mock)',
  },
  ...SUITE_OPTIONS,
  username: {
    type: 'string',
    default: DEFAULT_CREDENTIALS.username,
    describe: 'Account the suites log in with',
  },
  password: {
    type: 'string',
    default: DEFAULT_CREDENTIALS.password,
    describe: 'Its password (redacted in reports)',
  },
  var: {
    type: 'string',
    array: true,
    describe: 'Suite variable key=value, repeatable (e.g. tokens you already have)',
  },
  header: { type: 'string', array: true, describe: 'Extra request header "Name: value", repeatable' },
  namespace: {
    type: 'string',
    describe:
      "Run in this namespace of a shared tokenrig mock (Tokenrig-Namespace header on every request); default: a fresh one against a running mock, none for the built-in one; --no-namespace: the mock's own world",
    // `--no-namespace` arrives as false (yargs' negation), which a string option would not say.
    coerce: (value: string | boolean): string | false => (value === false ? false : String(value)),
  },
  reporter: {
    type: 'string',
    array: true,
    default: ['console', 'json', 'junit', 'html'],
    describe: `Reporters (${Object.keys(REPORTERS).join(', ')}); comma-separated or repeated`,
  },
  out: { type: 'string', default: 'reports', describe: 'Folder for report files' },
  strict: { type: 'boolean', default: false, describe: 'should findings fail the run too' },
  grep: { type: 'string', describe: 'Only cases whose id, title or tags match this regular expression' },
  concurrency: { type: 'number', default: RUN_DEFAULTS.concurrency, describe: 'Cases run at once' },
  timeout: {
    type: 'number',
    default: RUN_DEFAULTS.timeoutMs,
    describe: 'Per-request timeout in milliseconds',
  },
  'max-body': {
    type: 'number',
    default: RUN_DEFAULTS.maxBodyBytes,
    describe: 'Largest response body read, in bytes',
  },
  seed: { type: 'number', describe: 'Seed for generated values (printed in the report)' },
  fuzz: {
    type: 'number',
    default: 0,
    describe: 'Also send N generated negative requests (tag "negative"), spread over every operation',
  },
  destructive: {
    type: 'boolean',
    default: true,
    describe: 'Run the cases that end their session (reuse detection, logout); --no-destructive skips them',
  },
  'show-secrets': {
    type: 'boolean',
    default: false,
    describe: 'Do not redact tokens and passwords in reports',
  },
  baseline: {
    type: 'string',
    describe:
      'Known failures (schemas/baseline.schema.json): reported as known, they do not fail the run; new and stale ones do',
  },
  'update-baseline': {
    type: 'boolean',
    default: false,
    describe: 'Write --baseline from this run (entries that still match keep their reason and expiry)',
  },
} as const;

type RunArgs = InferredOptionTypes<typeof options>;

/** `tokenrig run`: declarative suites against a target, validated, reported, with CI exit codes. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: describeCommand('run'),
  builder: (yargs: Argv) =>
    // tokenrig.config.json (runner/config/): its values under every flag given, above the defaults.
    withConfig(yargs.options(options), RUN_CONFIG, Object.keys(options))
      .epilogue(exitEpilogue())
      .example('$0 run', 'every suite against the built-in mock')
      .example(
        '$0 run --target http://127.0.0.1:4010 --api flolive --strict',
        'one profile against a running server',
      )
      .example(
        '$0 run --target http://mock.ci:4010 --namespace "job-$CI_JOB_ID"',
        'in its own namespace of a shared mock, whatever other jobs do to theirs',
      ),
  handler: async (args) => {
    let vars: Record<string, string>;
    let headers: Record<string, string>;
    let grep: RegExp | undefined;
    try {
      vars = parsePairs(args.var ?? [], '--var');
      headers = parseHeaders(args.header ?? []);
      grep = args.grep === undefined ? undefined : new RegExp(args.grep, 'i');
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error), EXIT.USAGE);
    }
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1)
      throw new CliError('--concurrency must be >= 1', EXIT.USAGE);
    if (!(args.timeout > 0)) throw new CliError('--timeout must be > 0', EXIT.USAGE);
    if (!Number.isInteger(args.fuzz) || args.fuzz < 0)
      throw new CliError('--fuzz must be a whole number', EXIT.USAGE);
    let reporters: ReturnType<typeof resolveReporters>;
    try {
      reporters = resolveReporters(
        args.reporter
          .flatMap((r) => r.split(','))
          .map((r) => r.trim())
          .filter(Boolean),
      );
    } catch (error) {
      if (error instanceof UnknownReporterError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    const target = args.target;
    if (target !== undefined) {
      try {
        const url = new URL(target);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
      } catch {
        throw new CliError(`--target must be an http(s) URL, got ${JSON.stringify(target)}`, EXIT.USAGE);
      }
    }
    const apis: ProfileId[] = args.api?.length ? [...new Set(args.api)] : [...PROFILE_IDS];
    // Our own schemas, meta-validated by the schema tests; compiling the meta-schema at every run is waste.
    const contracts = loadContracts(PROFILE_IDS, SCHEMAS_DIR, { validateSchemas: false });
    let suites: ReturnType<typeof loadSuites>;
    let loaded: ReturnType<typeof loadSuites>;
    try {
      // Every {{variable}} checked against the --var names given, before any request (runner/suite/references.ts).
      const loadOptions = { vars: Object.keys(vars) };
      loaded = loadSuites(args.suite?.length ? args.suite : [SUITES_DIR], contracts, loadOptions);
      suites = loaded.filter((s) => apis.includes(s.suite.profile));
    } catch (error) {
      if (error instanceof SuiteError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    if (suites.length === 0) throw new CliError(noSuiteFor(args.api, args.suite, loaded), EXIT.USAGE);
    // What `tokenrig validate` warns of (an unused fragment), a run says too.
    for (const warning of suites.flatMap((s) => s.warnings)) console.error(`warning: ${warning.message}`);
    const seed = args.seed ?? randomSeed();
    const baseline = openRunBaseline(args.baseline, args.updateBaseline, args.strict, (line) =>
      writeIfOpen(process.stderr, `${line}\n`),
    );
    // TAP owns stdout when chosen: the console report then goes to stderr so the TAP stream stays valid.
    const tapOnStdout = reporters.some((r) => r.name === 'tap');
    const streamOf = (name: string) => (name === 'console' && tapOnStdout ? process.stderr : process.stdout);
    const contextFor = (name: string) => {
      const stream = streamOf(name);
      const color = colorFor({ isTTY: stream.isTTY, env: process.env });
      // `| head -3`: once the reader has gone, nothing more is written there (runner/closed-output.ts).
      return { outDir: args.out, write: (text: string) => writeIfOpen(stream, text), color };
    };
    const say = (text: string) => writeIfOpen(process.stderr, text);
    // An earlier run's reports must not stay behind looking current if this one never writes its own.
    await prepareOut(reporters, args.out);
    const stop = new AbortController();
    const interrupts = onInterrupt(stop, say);

    const running = await resolveTarget(target, {
      seed,
      apis,
      username: args.username,
      password: args.password,
      contracts,
    });
    let report: RunReport;
    let commitBaseline: (() => void) | undefined;
    try {
      const progress = contextFor('console');
      const execution = await execute(
        {
          target: running.url,
          embeddedMock: running.embedded,
          suites: suites.map((s) => s.suite),
          contracts,
          username: args.username,
          password: args.password,
          vars,
          headers,
          ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
          strict: args.strict,
          ...(grep ? { grep } : {}),
          concurrency: args.concurrency,
          timeoutMs: args.timeout,
          maxBodyBytes: args.maxBody,
          seed,
          fuzz: args.fuzz,
          showSecrets: args.showSecrets,
          destructive: args.destructive,
          signal: stop.signal,
        },
        {
          onStart: (info) => {
            for (const r of reporters) r.onStart?.(info, progress);
          },
          onCaseEnd: (ended) => {
            const result = baseline ? baseline.classify(ended) : ended;
            for (const r of reporters) r.onCaseEnd?.(result, progress);
          },
          onProfileErrored: (errored) => {
            for (const r of reporters) r.onProfileErrored?.(errored, progress);
          },
          announce: (text) => say(`\n${text}\n`),
          warn: (text) => say(`${text}\n`),
        },
      );
      const settled = baseline?.settle(execution);
      commitBaseline = settled?.commit;
      report = reportOf(settled?.execution ?? execution);
    } catch (error) {
      // A suite the contract cannot check is the configuration's fault: exit 2, before any request.
      if (error instanceof PlanError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    } finally {
      await running.close();
    }
    try {
      // The command, not the executor, owns what is printed and how the process exits.
      await finishReporters(reporters, report, contextFor);
    } catch (error) {
      // A full disk is the machine's trouble, not a bug in tokenrig (exit 70) nor a verdict (exit 1).
      throw new CliError(`a report could not be written: ${systemMessage(error)}`, EXIT.USAGE);
    } finally {
      interrupts.dispose();
    }
    // A baseline is not rewritten from a run that stopped half way: its missing cases are not passes.
    if (!report.interrupted) commitBaseline?.();
    if (report.exitCode !== EXIT.OK) {
      // The console report's last line says it already, unless its reader has gone (`| head -3`).
      const printed = reporters.some((r) => r.name === 'console') && !isClosed(streamOf('console'));
      throw new CliError(report.exitReason, report.exitCode, printed);
    }
  },
};

/** `--help`'s exit codes, from the one table the README's is checked against. */
export function exitEpilogue(): string {
  const codes = Object.entries(EXIT_MEANINGS).map(
    ([code, meaning]) => `${code} ${meaning.replaceAll('`', '')}`,
  );
  return `Exit codes: ${codes.join('; ')}.`;
}

/** Why no suite is left to run, naming the filter and what exists. */
function noSuiteFor(
  api: readonly string[] | undefined,
  given: readonly string[] | undefined,
  loaded: readonly { readonly suite: { readonly profile: string } }[],
): string {
  const where = given?.length ? `--suite ${given.join(' ')}` : "tokenrig's suites";
  if (loaded.length === 0)
    return `${where}: no suite file found (a suite is a *.json file; \`tokenrig validate\` checks one)`;
  const profiles = [...new Set(loaded.map((l) => l.suite.profile))].join(', ');
  return `--api ${api?.join(' ')} matched no suite in ${where}; its suites are for ${profiles}`;
}
