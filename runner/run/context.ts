import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import { CHECKS, type CheckUse } from '../checks/index.js';
import type { Mutation } from '../fuzz/mutation.js';
import type { HttpOptions, HttpRequest } from '../http.js';
import type { CaseResult, Retry } from '../model.js';
import { Redactor } from '../redact.js';
import type { Suite } from '../suite/types.js';
import { OneAtATime } from './one-at-a-time.js';
import { seededUuids } from './seeded-uuid.js';

/** What a run is asked to do: the target, the suites and how to talk to the target. */
export interface RunOptions {
  readonly target: string;
  readonly embeddedMock: boolean;
  /**
   * `--namespace`: the tokenrig mock namespace to run in. Without it a run against a shared tokenrig
   * mock takes a fresh one (runner/run/namespace.ts); false (`--no-namespace`) runs in the mock's own world.
   */
  readonly namespace?: string | false;
  readonly suites: readonly Suite[];
  readonly contracts: ReadonlyMap<ProfileId, ProfileContract>;
  readonly username: string;
  readonly password: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly strict: boolean;
  readonly grep?: RegExp;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly seed: number;
  readonly showSecrets: boolean;
  readonly checks?: readonly CheckUse[];
  /** false (`--no-destructive`): cases marked destructive are skipped with their reason. */
  readonly destructive?: boolean;
  /** Generated negative requests to send on top of the suites (`--fuzz N`), spread over the operations. */
  readonly fuzz?: number;
  /**
   * Stops the run (Ctrl-C, SIGTERM; its reason names the signal): no case starts after it, requests in
   * flight are aborted, the mock is put back, and the results say what finished.
   */
  readonly signal?: AbortSignal;
}

/** What the caller hears while the run goes on; the results come back as the run's value. */
export interface RunEvents {
  onStart?(info: {
    target: string;
    /** The tokenrig mock namespace the run is in, when it is in one. */
    namespace?: string;
    profiles: readonly ProfileId[];
    cases: number;
    /** `--fuzz N`: the generated cases and the requests they send (N), counted apart from the suites' cases. */
    generated?: { cases: number; requests: number };
  }): void;
  /** Each case as it finishes, already redacted (progress reporters). */
  onCaseEnd?(result: CaseResult): void;
  /**
   * A profile none of whose cases can run (the target is unreachable, its login failed): said once for
   * the profile, not once per case; its cases are in the results all the same.
   */
  onProfileErrored?(errored: { profile: ProfileId; reason: string; cases: number }): void;
  /** Instructions for a human (device-flow verification URL and code); never part of a report. */
  announce?(text: string): void;
  /** A line for the person running it, never part of a report's findings: a retried login, a mock not put back. */
  warn?(text: string): void;
  /** Sees every request as sent (the benchmark replays them with bare fetch calls as its floor). */
  onRequest?(request: HttpRequest): void;
}

/** Everything a case needs from its run, passed explicitly instead of closed over. */
export interface RunContext {
  readonly options: RunOptions;
  readonly events: RunEvents;
  /** The target's base URL without trailing slashes. */
  readonly target: string;
  readonly http: HttpOptions;
  /** Learns every secret the run sees; applied once to every result before anyone else sees it. */
  readonly redactor: Redactor;
  /** Seeded values for `{{uuid}}` in suites. */
  readonly uuid: () => string;
  readonly checks: readonly CheckUse[];
  /** Whether the target is a tokenrig mock whose /__admin API answers (clock-moving cases need it). */
  readonly adminAvailable: boolean;
  /** The tokenrig mock namespace every request to the target is sent in (its header), if any. */
  readonly namespace?: string;
  /**
   * The mutations of a valid request, kept for the steps after it: a generated case sends ten mutations
   * of the same request, and building the list (forged tokens, odd strings) is the costly part.
   */
  readonly mutations: Map<string, Mutation[]>;
  /** Every login request sent again after a transient transport error, for the report. */
  readonly retries: Retry[];
  /** Polls that may wait for a person (a device code to approve) take turns: one code shown at a time. */
  readonly approvals: OneAtATime;
}

/** Captured values under these names are credentials: redacted in reports, checked for echo in errors. */
export const SECRET_NAME = /token|password|secret|key|code|cookie|id$/i;

export function createContext(options: RunOptions, events: RunEvents): RunContext {
  const redactor = new Redactor(!options.showSecrets);
  redactor.add(options.password);
  for (const [name, value] of Object.entries(options.vars)) if (SECRET_NAME.test(name)) redactor.add(value);
  return {
    options,
    events,
    target: options.target.replace(/\/+$/, ''),
    http: {
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    redactor,
    uuid: seededUuids(`runner:${options.seed}`),
    checks: options.checks ?? CHECKS,
    adminAvailable: false,
    mutations: new Map(),
    retries: [],
    approvals: new OneAtATime(),
  };
}

/** A case's own state: the variables its steps fill and read, the secrets sent so far. */
export interface Session {
  readonly vars: Map<string, unknown>;
  readonly secrets: Set<string>;
}

/** A fresh session: the run's credentials, the target and every --var. */
export function newSession(context: RunContext): Session {
  const { options } = context;
  const vars = new Map<string, unknown>([
    ['username', options.username],
    ['password', options.password],
    ['baseUrl', context.target],
  ]);
  for (const [k, v] of Object.entries(options.vars)) vars.set(k, v);
  return { vars, secrets: new Set([options.password]) };
}

/** A suite whose bootstrap variables all came with --var needs no login. */
export function providedByVars(context: Pick<RunContext, 'options'>, suite: Suite): boolean {
  return suite.bootstrap?.provides.every((v) => Object.hasOwn(context.options.vars, v)) === true;
}
