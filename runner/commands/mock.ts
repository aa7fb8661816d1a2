import { basename } from 'node:path';
import v8 from 'node:v8';
import type { Argv, CommandModule, InferredOptionTypes } from 'yargs';
import {
  DEFAULT_MAX_NAMESPACES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_NAMESPACE_MAX_SESSIONS,
  DEFAULT_USER,
} from '../../mocks/app.js';
import { mockBanner } from '../../mocks/banner.js';
import { QuirkError } from '../../mocks/core/quirks.js';
import {
  parseStoreUrl,
  type StoreTarget,
  StoreUnreachableError,
  StoreUrlError,
} from '../../mocks/core/redis-connection.js';
import { parseSetFlags, SettingsError } from '../../mocks/core/settings.js';
import { parseUserSpec } from '../../mocks/core/users.js';
import { DEFAULT_CLIENT_RULE_OPTIONS } from '../../mocks/findings/history.js';
import { clientReport, reportSummary } from '../../mocks/findings/report.js';
import { PROFILES } from '../../mocks/profiles.js';
import { scenariosHelp } from '../../mocks/scenarios/help.js';
import { ScenarioError } from '../../mocks/scenarios/scenarios.js';
import { ListenError, startMockServer } from '../../mocks/server.js';
import { StoreSeedError } from '../../mocks/store.js';
import { PROFILE_IDS } from '../../schemas/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { describeCommand } from './descriptions.js';
import { checkWorkers, printsBanner, runWorkers, workerNumber } from './mock-workers.js';
import { createRequestLog } from './request-log.js';

/** V8's heap growth step for the long-running mock; see the handler. */
const HEAP_GROWING_PERCENT = 30;

const options = {
  api: {
    type: 'string',
    array: true,
    choices: PROFILE_IDS,
    describe: 'Profiles to mount (default: all five)',
  },
  port: { type: 'number', default: 4010, describe: 'Port to listen on (0 picks a free one)' },
  host: { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' },
  seed: { type: 'number', describe: 'Seed for every generated value (printed at start when not given)' },
  user: {
    type: 'string',
    array: true,
    describe: `Account as name:password, repeatable (default ${DEFAULT_USER.username}:${DEFAULT_USER.password})`,
  },
  'access-ttl': {
    type: 'number',
    describe: "Access-token lifetime in seconds for every profile (default: each vendor's)",
  },
  'refresh-ttl': { type: 'number', describe: 'Refresh-token lifetime in seconds for every profile' },
  set: {
    type: 'string',
    array: true,
    describe: "Override a profile's assumed behaviour, <profile>.<setting>=<value> (see below)",
  },
  quirk: {
    type: 'string',
    array: true,
    describe:
      "Reproduce a vendor's observed deviation, <profile>.<id> or <profile>.all, repeatable (see below; default: none, documented behaviour only)",
  },
  scenario: {
    type: 'string',
    array: true,
    describe:
      'Stage a situation the client must survive, <name> or <name>=<value>, repeatable (see below; default: none)',
  },
  'cors-origin': {
    type: 'string',
    array: true,
    describe: 'Allowed CORS origin, repeatable (default: any origin)',
  },
  'max-body': { type: 'number', default: 64 * 1024, describe: 'Largest request body accepted, in bytes' },
  'journal-size': { type: 'number', default: 1000, describe: 'Requests kept in /__admin/requests' },
  'max-sessions': {
    type: 'number',
    default: DEFAULT_MAX_SESSIONS,
    describe: 'Sessions kept (live, revoked or expired); the oldest is evicted first',
  },
  'refresh-storm': {
    type: 'number',
    default: DEFAULT_CLIENT_RULE_OPTIONS.stormRefreshes,
    describe:
      'Client report: refreshes of one token family within a minute, each far before expiry, that make a refresh storm',
  },
  'logins-per-minute': {
    type: 'number',
    default: DEFAULT_CLIENT_RULE_OPTIONS.loginsPerMinute,
    describe:
      'Client report: logins to one profile within a minute, none logged out, that read as a login per request',
  },
  'max-namespaces': {
    type: 'number',
    default: DEFAULT_MAX_NAMESPACES,
    describe:
      'Namespaces (Tokenrig-Namespace header or /__ns/<name>/ prefix) kept at once; the least recently used idle one makes room; 0 turns them off',
  },
  'namespace-max-sessions': {
    type: 'number',
    default: DEFAULT_NAMESPACE_MAX_SESSIONS,
    describe: 'Live sessions each namespace keeps; the oldest is evicted first',
  },
  store: {
    type: 'string',
    default: 'memory',
    describe:
      'Where state lives: memory (this process) or redis://host:port/db, shared by every mock process pointed at it',
  },
  workers: {
    type: 'number',
    default: 1,
    describe: 'Processes sharing the port (node:cluster); more than 1 needs --store redis://…',
  },
  quiet: { type: 'boolean', default: false, describe: 'No per-request log lines' },
  'show-secrets': { type: 'boolean', default: false, describe: 'Show passwords and tokens in the admin API' },
} as const;

type MockArgs = InferredOptionTypes<typeof options>;

function settingsHelp(): string {
  const lines = ['Settings (--set), with defaults:'];
  for (const [id, module] of Object.entries(PROFILES)) {
    lines.push(
      `  ${id}: ${Object.entries(module.settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

function quirksHelp(): string {
  const lines = ["Quirks (--quirk), observed in the vendors' own code, off unless asked for:"];
  for (const [id, module] of Object.entries(PROFILES)) {
    for (const q of module.quirks) {
      lines.push(`  ${id}.${q.id}: ${q.summary}`);
      // File names only, by repository: the full paths and what each shows are in /__admin/quirks.
      const byRepository = new Map<string, string[]>();
      for (const e of q.evidence) {
        byRepository.set(e.repository, [...(byRepository.get(e.repository) ?? []), basename(e.file)]);
      }
      const evidence = [...byRepository].map(([repository, files]) => `${repository} (${files.join(', ')})`);
      lines.push(`      evidence: ${evidence.join('; ')}`);
    }
  }
  if (lines.length === 1) lines.push('  (none)');
  return lines.join('\n');
}

/** `tokenrig mock`: the five vendors' token APIs on one port, stateful, with faults on demand. */
export const mockCommand: CommandModule<object, MockArgs> = {
  command: 'mock',
  describe: describeCommand('mock'),
  builder: (yargs: Argv) =>
    yargs
      .options(options)
      .epilogue(
        `${scenariosHelp()}\n\n${settingsHelp()}\n\n${quirksHelp()}\n\nExit codes: 0 stopped cleanly, 2 bad flag, setting, quirk, scenario (unknown, bad value, contradicting) or --store URL, 3 cannot listen (port in use) or the store does not answer.`,
      )
      .example('$0 mock', 'all five profiles on http://127.0.0.1:4010, user demo/demo')
      .example('$0 mock --api flolive --port 8080 --seed 7', 'only floLIVE, reproducible values')
      .example(
        '$0 mock --set vcf.loginStatus=201 --access-ttl 60',
        'VMware login answers 201; tokens live a minute',
      )
      .example(
        '$0 mock --scenario short-lived --scenario flaky-refresh=0.3 --seed 7',
        'tokens of 5 s; 30 % of refreshes fail (the same ones each run)',
      )
      .example(
        '$0 mock --store redis://127.0.0.1:6379/0 --workers 4',
        'four processes on one port, one mock: state in Redis',
      )
      .example(
        '$0 mock --api kirjaswappi --quirk kirjaswappi.malformed-token-500',
        "a malformed refresh token gets the real server's 500",
      ),
  handler: async (args) => {
    // A long-running mock under a load test churns its old generation (sessions evicted at the cap,
    // journal entries replaced), and V8's default heap growth then keeps about twice the live heap
    // resident: 208 MiB after 100k logins, against 139 MiB with a 30 % growth step, for about a tenth
    // less refresh throughput (bench/, `npm run bench`). The flag is read at every collection, so
    // setting it here, for this process only, takes effect; tests and `tokenrig run` are left alone.
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    let settings: Record<string, string>;
    let users: { username: string; password: string }[];
    try {
      settings = parseSetFlags(args.set ?? []);
      users = (args.user ?? []).map(parseUserSpec);
    } catch (error) {
      throw new CliError((error as Error).message, EXIT.USAGE);
    }
    for (const [flag, value] of [
      ['--refresh-storm', args.refreshStorm],
      ['--logins-per-minute', args.loginsPerMinute],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new CliError(`${flag} takes a whole number of at least 1, got ${value}`, EXIT.USAGE);
    }
    let store: StoreTarget;
    try {
      store = parseStoreUrl(args.store);
    } catch (error) {
      if (error instanceof StoreUrlError) throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    checkWorkers(args.workers, store);
    if (args.workers > 1 && store.kind === 'redis' && workerNumber() === undefined) {
      return runWorkers(args.workers, store);
    }
    const requestLog = args.quiet ? undefined : createRequestLog();
    let running: Awaited<ReturnType<typeof startMockServer>>;
    try {
      running = await startMockServer({
        port: args.port,
        host: args.host,
        ...(args.api ? { apis: args.api } : {}),
        ...(args.seed === undefined ? {} : { seed: args.seed }),
        users,
        ...(args.accessTtl === undefined ? {} : { accessTtl: args.accessTtl }),
        ...(args.refreshTtl === undefined ? {} : { refreshTtl: args.refreshTtl }),
        settings,
        quirks: args.quirk ?? [],
        scenarios: args.scenario ?? [],
        ...(args.corsOrigin ? { corsOrigins: args.corsOrigin } : {}),
        maxBodyBytes: args.maxBody,
        journalSize: args.journalSize,
        maxSessions: args.maxSessions,
        clientRules: { stormRefreshes: args.refreshStorm, loginsPerMinute: args.loginsPerMinute },
        maxNamespaces: args.maxNamespaces,
        namespaceMaxSessions: args.namespaceMaxSessions,
        showSecrets: args.showSecrets,
        store,
        storeLog: (line) => console.error(`tokenrig mock: ${line}`),
        ...(requestLog ? { log: requestLog.line } : {}),
        logError: (error) => console.error('tokenrig mock: unexpected error:', error),
      });
    } catch (error) {
      if (error instanceof ListenError || error instanceof StoreUnreachableError)
        throw new CliError(error.message, EXIT.UNREACHABLE);
      if (error instanceof StoreSeedError) throw new CliError(error.message, EXIT.USAGE);
      if (
        error instanceof SettingsError ||
        error instanceof QuirkError ||
        error instanceof ScenarioError ||
        error instanceof RangeError
      )
        throw new CliError(error.message, EXIT.USAGE);
      throw error;
    }
    const { mock, url } = running;
    // One write, so whoever watches stdout for the URL also gets the whole table; once for all workers.
    if (printsBanner()) {
      console.log(mockBanner(mock, url, { store, workers: args.workers }));
    }

    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        requestLog?.flush();
        console.log(`tokenrig mock: ${signal}, shutting down`);
        // What the client did wrong, in one line, for whoever reads the log after a test run.
        // A namespace's clients are judged in their own world, with its own clock: one line each.
        const worlds = [
          { prefix: '', world: mock },
          ...mock.namespaces.list().map(({ name, world }) => ({ prefix: `[${name}] `, world })),
        ];
        for (const { prefix, world } of worlds) {
          const summary = reportSummary(
            clientReport(world.journal, world.services.clock.now(), world.clientRules),
            world.namespace,
          );
          if (summary) console.log(`tokenrig mock: ${prefix}${summary}`);
        }
        const done = () => {
          requestLog?.flush();
          resolve();
        };
        running.close().then(done, done);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
