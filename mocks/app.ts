import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import {
  loadContracts,
  PROFILE_IDS,
  type ProfileContract,
  type ProfileId,
  SCHEMAS_DIR,
} from '../schemas/load.js';
import { createAdminApp } from './admin/admin.js';
import type { MockControl } from './admin/control.js';
import { dashboardPage } from './admin/dashboard/dashboard.js';
import { type Clock, createClock } from './core/clock.js';
import { FaultRules } from './core/fault-rules.js';
import type { FaultTargets } from './core/fault-targets.js';
import { Journal } from './core/journal.js';
import { JwtSigner } from './core/jwt.js';
import { type NamespaceRefusal, namespaceBasePath, withoutNamespace } from './core/namespace.js';
import { dispatchByNamespace, namespaceKey, namespaceSeed } from './core/namespace-dispatch.js';
import { NamespaceWorlds } from './core/namespace-worlds.js';
import type { MountedProfile } from './core/profile.js';
import { Quirks } from './core/quirks.js';
import { createRandom, type Random } from './core/random.js';
import type { RedisScripts } from './core/redis-scripts.js';
import { RedisSessionStore } from './core/redis-session-store.js';
import { createRequestFrame } from './core/request-frame.js';
import { MemorySessionStore, type SessionStore } from './core/session-store.js';
import { type SettingInForce, type SettingSource, SettingsError, settingsInForce } from './core/settings.js';
import { type ControlSync, sharedRuleUses, worldBase } from './core/shared-control.js';
import { sharedAdmin, sharedWorld } from './core/shared-world.js';
import type { MockContext, MockEnv, MockServices } from './core/types.js';
import { UserDirectory } from './core/users.js';
import { type ClientRuleOptions, DEFAULT_CLIENT_RULE_OPTIONS } from './findings/history.js';
import { PROFILES } from './profiles.js';
import { SCENARIOS } from './scenarios/index.js';
import { SCENARIO_SETTINGS } from './scenarios/scenario.js';
import { Scenarios } from './scenarios/scenarios.js';

export interface MockAppOptions {
  /** Profiles to mount; all five by default. */
  apis?: readonly ProfileId[];
  /** Makes every generated value (ids, tokens' jti, error fields, the JWT secret) reproducible. */
  seed?: number;
  users?: readonly { username: string; password: string }[];
  /** Overrides every profile's access-token lifetime, in seconds. */
  accessTtl?: number;
  /** Overrides every profile's refresh-token lifetime, in seconds. */
  refreshTtl?: number;
  /** `--set <profile>.<key>=<value>` overrides of the profiles' assumed behaviours. */
  settings?: Readonly<Record<string, string>>;
  maxBodyBytes?: number;
  journalSize?: number;
  maxSessions?: number;
  /** Namespaces kept at once (`--max-namespaces`); 0 turns them off. */
  maxNamespaces?: number;
  /** Live sessions each namespace keeps; the oldest is evicted first. */
  namespaceMaxSessions?: number;
  /**
   * Vendors' observed deviations to reproduce, `<profile>.<id>` or `<profile>.all` (`--quirk`); none by
   * default, so the mock stays the documented behaviour. Switchable later through `/__admin/quirks`.
   */
  quirks?: readonly string[];
  /**
   * Scenarios to run from the start, `<name>` or `<name>=<value>` (`--scenario`, mocks/scenarios/);
   * none by default. Switchable later through `/__admin/scenarios`; `POST /__admin/reset` returns here.
   */
  scenarios?: readonly string[];
  /** Origins allowed by CORS; any origin is reflected when empty or absent. */
  corsOrigins?: readonly string[];
  clock?: Clock;
  /** Receives one line per request; nothing is logged when absent. */
  log?: (line: string) => void;
  /** Receives unexpected errors inside handlers (each is also answered with the profile's 500). */
  logError?: (error: unknown) => void;
  showSecrets?: boolean;
  /** Thresholds of the client report's rules; each defaults to DEFAULT_CLIENT_RULE_OPTIONS'. */
  clientRules?: Partial<ClientRuleOptions>;
  /**
   * The store the mock shares with its other processes (`--store`, mocks/store.ts opens it): sessions,
   * users, fault rules, clock, quirks and scenarios live there; `stream` is this process's own draws.
   * In memory, in this process only, when absent.
   */
  store?: { readonly scripts: RedisScripts; readonly stream: number };
  /** Preloaded contracts, so tests that create many apps compile the schemas once. */
  contracts?: ReadonlyMap<ProfileId, ProfileContract>;
}

/** The mock: its Hono app and everything the admin API controls (mocks/admin/control.ts). */
export interface MockApp extends MockControl {
  readonly app: Hono<MockEnv>;
  /** How this world follows the shared store; absent with the memory store. */
  readonly sync: ControlSync | undefined;
}

export const DEFAULT_USER = { username: 'demo', password: 'demo' } as const;

/**
 * Sessions kept by default (live, revoked or expired). A session costs about 1 KB of heap with its tokens; 20 000 keep a
 * mock under a frontend team or a CI load test well below 150 MiB resident, and the oldest session is
 * evicted first when a load test logs in more often than that (identity providers cap sessions too).
 */
export const DEFAULT_MAX_SESSIONS = 20_000;

/**
 * Namespaces kept at once by default. Each world is its own sessions (up to
 * DEFAULT_NAMESPACE_MAX_SESSIONS), journal, rules, clock and quirks: 64 keep a shared mock's worst case
 * near the memory of the mock's own world at its session cap, far more than the CI jobs that run at once.
 */
export const DEFAULT_MAX_NAMESPACES = 64;

/** Sessions each namespace keeps: a tenth of the mock's own, since a namespace is one CI job's run. */
export const DEFAULT_NAMESPACE_MAX_SESSIONS = 2_000;

/**
 * How long a namespace must have been idle before a new one may take its place at the cap: longer than
 * any pause inside a run (a device code waiting for a person), so no running job loses its world.
 */
export const NAMESPACE_IDLE_MS = 10 * 60_000;

/** What every world of one mock shares: resolved once, at start-up. */
interface Common {
  readonly options: MockAppOptions;
  readonly apis: readonly ProfileId[];
  readonly settings: Readonly<Record<string, string>>;
  /** The settings that differ from their profiles' defaults, with the flag of each. */
  readonly inForce: readonly SettingInForce[];
  readonly contracts: ReadonlyMap<ProfileId, ProfileContract>;
  readonly namespaces: NamespaceWorlds<MockApp>;
}

/** What sets one world apart from the others. */
interface WorldOwn {
  readonly namespace: string | undefined;
  /** Its generated values: the mock's seed for its own world, derived from it for a namespace. */
  readonly random: Random;
  /** The key its tokens are signed with. */
  readonly jwtKey: Buffer;
  readonly clock: Clock;
  readonly maxSessions: number;
}

/**
 * The whole mock as one Hono app: the chosen profiles on their own paths, the admin API under
 * `/__admin`, CORS for browser clients, and a bounded journal of recent requests. A request that names
 * a namespace (mocks/core/namespace.ts) is answered by that namespace's own world, built the same way
 * on its first request; one that names none costs one header lookup more.
 */
export function createMockApp(options: MockAppOptions = {}): MockApp {
  const apis = options.apis?.length ? [...new Set(options.apis)] : [...PROFILE_IDS];
  const settings = { ...options.settings };
  checkSettingKeys(settings, apis);
  const sources: Record<string, SettingSource> = {};
  for (const id of apis) {
    if (options.accessTtl !== undefined) {
      settings[`${id}.accessTtl`] = String(options.accessTtl);
      sources[`${id}.accessTtl`] = '--access-ttl';
    }
    if (options.refreshTtl !== undefined) {
      settings[`${id}.refreshTtl`] = String(options.refreshTtl);
      sources[`${id}.refreshTtl`] = '--refresh-ttl';
    }
  }
  const inForce = settingsInForce(
    apis.map((id) => PROFILES[id]),
    settings,
    sources,
  );
  // The shipped schemas are checked against the meta-schema by their tests (schemas/openapi.test.ts) and
  // by `tokenrig validate`; the mock skips that check at start, a tenth of its cold start. Strict-mode
  // compilation still refuses a broken schema when a validator is first used.
  const contracts = options.contracts ?? loadContracts(apis, SCHEMAS_DIR, { validateSchemas: false });
  const namespaceMaxSessions = options.namespaceMaxSessions ?? DEFAULT_NAMESPACE_MAX_SESSIONS;
  // Checked here, not when the first namespace's world is built inside some client's request.
  if (!Number.isInteger(namespaceMaxSessions) || namespaceMaxSessions < 1) {
    throw new RangeError(`namespaceMaxSessions must be a whole number >= 1 (got ${namespaceMaxSessions})`);
  }
  const clock = options.clock ?? createClock();
  const stream = options.store?.stream ?? 0;
  const random = createRandom(options.seed, stream);
  // Derived from the seed so a seeded run signs byte-identical tokens; random per process otherwise.
  const jwtKey = createHash('sha256').update(`tokenrig:${random.seed}`).digest();
  // A namespace's clock moves on its own, from the wall time the mock's own clock starts from.
  const wallClock = () => clock.now() - clock.offsetSeconds() * 1000;
  const namespaces: NamespaceWorlds<MockApp> = new NamespaceWorlds<MockApp>({
    max: options.maxNamespaces ?? DEFAULT_MAX_NAMESPACES,
    idleMs: NAMESPACE_IDLE_MS,
    create: (name) =>
      createWorld(common, {
        namespace: name,
        random: createRandom(namespaceSeed(random.seed, name), stream),
        jwtKey: namespaceKey(jwtKey, name),
        clock: createClock(wallClock),
        maxSessions: namespaceMaxSessions,
      }),
  });
  const common: Common = { options, apis, settings, inForce, contracts, namespaces };
  const root = createWorld(common, {
    namespace: undefined,
    random,
    jwtKey,
    clock,
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
  });
  root.app.fetch = dispatchByNamespace(root.app.fetch, namespaces);
  return root;
}

/**
 * The path a world routes on: without the `/__ns/<name>` prefix. The mock's own world strips it too,
 * so a refused namespaced request reaches the route it names and is answered in that route's envelope.
 */
const worldPath = (request: Request) => withoutNamespace(getPath(request));

/** One world: its own state, profiles and admin API, built from what every world shares. */
function createWorld(common: Common, own: WorldOwn): MockApp {
  const { options, apis, settings, inForce, contracts, namespaces } = common;
  const { namespace, clock } = own;
  const { random, jwtKey } = own;
  const store = options.store;
  const shared = store && { scripts: store.scripts, base: worldBase(namespace) };
  const sessions: SessionStore = shared
    ? new RedisSessionStore({ ...shared, prefix: `${shared.base}s:`, clock, maxSessions: own.maxSessions })
    : new MemorySessionStore({ clock, maxSessions: own.maxSessions });
  const services: MockServices = {
    clock,
    random,
    jwt: new JwtSigner(jwtKey),
    users: new UserDirectory(options.users?.length ? options.users : [DEFAULT_USER], random.uuid, clock.now),
    sessions,
    faults: new FaultRules(shared ? { uses: sharedRuleUses(shared.scripts, shared.base) } : {}),
    quirks: new Quirks(Object.fromEntries(apis.map((id) => [id, PROFILES[id].quirks])), options.quirks),
    scenarios: new Scenarios(
      {
        definitions: SCENARIOS,
        profiles: apis.map((profile) => ({ profile, refresh: refreshOf(contracts, profile) })),
        clock,
        sessions,
        seed: random.seed,
        fixedSettings: new Set(
          apis.flatMap((id) =>
            SCENARIO_SETTINGS.filter((key) => settings[`${id}.${key}`] !== undefined).map(
              (key) => `${id}.${key}`,
            ),
          ),
        ),
      },
      options.scenarios,
    ),
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    basePath: namespaceBasePath(namespace),
    logError: options.logError ?? (() => {}),
    ...(shared ? { shared } : {}),
  };
  const journal = new Journal(options.journalSize ?? 1000);
  const showSecrets = options.showSecrets ?? false;
  const log = options.log;

  const frame = createRequestFrame({
    journal,
    clock,
    // A namespace's lines say whose they are: one log serves every world.
    ...(log ? { log: namespace === undefined ? log : (line: string) => log(`[${namespace}] ${line}`) } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    corsRefusals: apis.flatMap((id) => {
      const allow = PROFILES[id].corsAllowList;
      return allow ? [{ ...allow, flag: services.quirks.flag(id, allow.quirk) }] : [];
    }),
  });

  const app = new Hono<MockEnv>({ getPath: worldPath });
  const mounted: MountedProfile[] = [];
  const faultTargets = new Map<ProfileId, FaultTargets>();
  for (const id of apis) {
    const contract = contracts.get(id);
    if (!contract) throw new Error(`no contract loaded for profile ${id}`);
    const profile = PROFILES[id].create({ services, contract, settings, frame });
    // Each route is one handler, framed by itself: no app-wide middleware, so hono calls it directly.
    app.route('/', profile.app);
    mounted.push(profile);
    faultTargets.set(id, profile.targets);
  }

  const resetOwn = () => {
    random.reset();
    journal.clear();
    for (const profile of mounted) profile.reset();
  };
  const sync = shared && sharedWorld({ ...shared, namespace, services, app, onReset: resetOwn });
  const mock: MockApp = {
    app,
    sync,
    services,
    profiles: apis,
    contracts,
    faultTargets,
    journal,
    clientRules: clientRuleOptions(options.clientRules),
    seed: random.seed,
    settings: inForce,
    namespace,
    namespaces,
    async reset() {
      // The seed replays from its start first: the users re-made below get their start-up ids, and the
      // next session, token and error field are those a fresh start with this seed would make.
      random.reset();
      clock.reset();
      await services.sessions.clear();
      // What else the world keeps in the store (device codes): once, here; the other processes are
      // told by the reset's epoch and reset only what they hold themselves (resetOwn).
      if (shared) await shared.scripts.deleteUnder(`${shared.base}d:`);
      await sync?.resetting();
      services.faults.reset();
      services.quirks.reset();
      services.scenarios.reset();
      services.users.reset();
      journal.clear();
      for (const profile of mounted) profile.reset();
    },
  };
  app.use(`${ADMIN}/*`, (c, next) =>
    frame(c, {}, async () => {
      const refusal = c.env?.namespaceRefusal;
      if (refusal) return refusalAnswer(c, refusal);
      if (sync) return sharedAdmin(c, sync, next);
      await next();
      return c.res;
    }),
  );
  app.route(ADMIN, createAdminApp(mock, { showSecrets }));
  app.get(`${ADMIN}/`, dashboardPage);
  const notMounted = (c: MockContext) =>
    c.json(
      {
        error: {
          code: 'TOKENRIG_NOT_FOUND',
          message: `No mounted profile serves ${c.req.method} ${c.req.path}`,
          profiles: apis,
        },
      },
      404,
    );
  // What no route matched: a profile's 405 or 404 under its own paths, else the mock's own 404. Under
  // the admin API the frame has already run (its middleware above).
  app.notFound((c) => {
    if (c.req.path.startsWith(ADMIN)) return notMounted(c);
    for (const profile of mounted) {
      const answered = profile.unrouted(c);
      if (answered) return answered;
    }
    return frame(c, {}, (c) => {
      const refusal = c.env?.namespaceRefusal;
      return refusal ? refusalAnswer(c, refusal) : notMounted(c);
    });
  });
  return mock;
}

/** A refused namespace outside any profile: the mock's own `{error: {code, message}}`. */
function refusalAnswer(c: MockContext, refusal: NamespaceRefusal): Response {
  const headers: Record<string, string> =
    refusal.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(refusal.retryAfterSeconds) };
  return c.json({ error: { code: refusal.code, message: refusal.message } }, refusal.status, headers);
}

const ADMIN = '/__admin';

/** The client rules' thresholds over their defaults; each a whole number of at least 1. */
function clientRuleOptions(given: Partial<ClientRuleOptions> = {}): ClientRuleOptions {
  const options = { ...DEFAULT_CLIENT_RULE_OPTIONS, ...given };
  for (const [key, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`clientRules.${key} must be a whole number >= 1`);
  }
  return options;
}

/** The profile's refresh operation, which scenarios act on; every contract has one. */
function refreshOf(contracts: ReadonlyMap<ProfileId, ProfileContract>, id: ProfileId) {
  const refresh = contracts.get(id)?.operations.get('refresh');
  if (!refresh) throw new Error(`the ${id} contract has no refresh operation`);
  return refresh;
}

function checkSettingKeys(settings: Readonly<Record<string, string>>, apis: readonly ProfileId[]): void {
  for (const key of Object.keys(settings)) {
    const profile = key.slice(0, key.indexOf('.'));
    if (!(PROFILE_IDS as readonly string[]).includes(profile)) {
      throw new SettingsError(`--set ${key}: no profile ${profile}; profiles are ${PROFILE_IDS.join(', ')}`);
    }
    if (!apis.includes(profile as ProfileId)) {
      throw new SettingsError(`--set ${key}: profile ${profile} is not mounted (see --api)`);
    }
  }
}
