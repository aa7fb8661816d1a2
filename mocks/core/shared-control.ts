import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Scenarios } from '../scenarios/scenarios.js';
import type { Clock } from './clock.js';
import type { FaultRules, FaultSnapshot, RuleUses } from './fault-rules.js';
import type { QuirkSetting, Quirks } from './quirks.js';
import { lua, type RedisScripts, StoreUnavailableError } from './redis-scripts.js';
import type { User, UserDirectory } from './users.js';

/**
 * Everything a world's admin API changes at run time, as the shared store keeps it: one JSON document
 * per world, with a version that moves on every change. `epoch` moves on every reset.
 */
interface ControlState {
  readonly epoch: number;
  readonly clockOffsetMs: number;
  readonly faults: FaultSnapshot;
  readonly quirks: readonly QuirkSetting[];
  readonly scenarios: readonly string[];
  readonly users: readonly User[];
}

/** The parts of a world that follow the shared state. */
export interface ControlledParts {
  readonly clock: Clock;
  readonly faults: FaultRules;
  readonly quirks: Quirks;
  readonly scenarios: Scenarios;
  readonly users: UserDirectory;
}

/** An admin change waited too long for another process's to finish. */
export class StoreBusyError extends StoreUnavailableError {}

/**
 * A world's run-time state shared by every process over one store. Each process keeps its own copy
 * (a request reads plain objects, as with the memory store) and checks the version once per request:
 * one round trip, and the state is read again only when another process changed it. An admin change
 * runs under the world's lock: the latest state first, then the change, then it is published whole.
 */
export interface ControlSync {
  /** Brings this process's copy up to date; with `counts`, the fault rules' hits too (admin reads). */
  pull(options?: { counts?: boolean }): Promise<void>;
  change<T>(work: () => Promise<T>): Promise<T>;
  /** Within a change: it is a reset, so the other processes reset what they hold themselves. */
  resetting(): Promise<void>;
}

/** How long one admin change may hold a world's lock; a process killed holding it frees it then. */
const LOCK_MS = 30_000;
/** How long an admin change waits for the lock before it is refused (503). */
const LOCK_WAIT_MS = 10_000;
/** A namespace's state is dropped a day after its last change: one CI job's run, long over. */
const NAMESPACE_KEEP_MS = 24 * 3_600_000;

// Keys under a world's base: c:version, c:state, c:lock; f:b:<rule> (uses left), f:h:<rule> (hits).
// A version is `<generation>:<n>`: the generation is new whenever the state is written afresh (a Redis
// restarted empty), so a process's old version can never equal a new one by its count alone.
const PULL = lua(
  'control-pull',
  `local b = ARGV[1]
local v = redis.call('GET', b .. 'c:version')
if not v then
  if ARGV[3] == '' then return {false} end
  if ARGV[5] ~= '' then redis.call('SET', 'tokenrig:seed', ARGV[5], 'NX') end
  redis.call('SET', b .. 'c:state', ARGV[3], 'NX')
  v = ARGV[6] .. ':1'
  redis.call('SET', b .. 'c:version', v)
  if tonumber(ARGV[4]) > 0 then
    redis.call('PEXPIRE', b .. 'c:state', ARGV[4])
    redis.call('PEXPIRE', b .. 'c:version', ARGV[4])
  end
end
if v == ARGV[2] then return {v} end
return {v, redis.call('GET', b .. 'c:state')}`,
);

const PUBLISH = lua(
  'control-publish',
  `local b = ARGV[1]
if redis.call('GET', b .. 'c:lock') ~= ARGV[2] then return redis.error_reply('tokenrig: lost the lock') end
redis.call('SET', b .. 'c:state', ARGV[3])
local gen, n = string.match(redis.call('GET', b .. 'c:version') or (ARGV[5] .. ':0'), '^(.*):(%d+)$')
local v = gen .. ':' .. (tonumber(n) + 1)
redis.call('SET', b .. 'c:version', v)
if tonumber(ARGV[4]) > 0 then
  redis.call('PEXPIRE', b .. 'c:state', ARGV[4])
  redis.call('PEXPIRE', b .. 'c:version', ARGV[4])
end
redis.call('DEL', b .. 'c:lock')
return v`,
);

const UNLOCK = lua(
  'control-unlock',
  `if redis.call('GET', ARGV[1]) == ARGV[2] then return redis.call('DEL', ARGV[1]) end
return 0`,
);

/** One use of a rule: its count (set from the rule on first use) less one, and its hits plus one. */
const TAKE = lua(
  'fault-take',
  `local left = -1
if ARGV[3] ~= '' then
  redis.call('SET', ARGV[1], ARGV[3], 'NX')
  left = redis.call('DECR', ARGV[1])
  if left < 0 then return {-1, 0} end
end
return {left, redis.call('INCR', ARGV[2])}`,
);

/** A world's base: every key of its shared state starts with it. */
export function worldBase(namespace: string | undefined): string {
  return namespace === undefined ? 'tokenrig:/' : `tokenrig:ns/${namespace}/`;
}

/** How a world's fault rules take their uses from the shared counts. */
export function sharedRuleUses(scripts: RedisScripts, base: string): RuleUses {
  return async (rule) => {
    const count = rule.count === undefined ? '' : String(rule.count);
    const reply = await scripts.run(TAKE, [`${base}f:b:${rule.id}`, `${base}f:h:${rule.id}`, count]);
    const [left, hits] = Array.isArray(reply) ? reply.map(Number) : [-1, 0];
    if (left === undefined || (rule.count !== undefined && left < 0)) return undefined;
    return { hits: hits ?? 0, ...(rule.count === undefined ? {} : { remaining: left }) };
  };
}

/**
 * @param onReset what this process resets of its own when another process reset the world: its
 *   journal, its draws, what its profiles hold in flight (never the shared sessions: those are gone).
 */
export function sharedControl({
  scripts,
  namespace,
  parts,
  onReset,
  seed: given,
}: {
  scripts: RedisScripts;
  /** The mock's seed, kept in the store for the processes that join it (mocks/store.ts). */
  seed?: number;
  namespace: string | undefined;
  parts: ControlledParts;
  onReset: () => void;
}): ControlSync {
  const base = worldBase(namespace);
  const seed = namespace === undefined && given !== undefined ? String(given) : '';
  const keepMs = String(namespace === undefined ? 0 : NAMESPACE_KEEP_MS);
  const { clock, faults, quirks, scenarios, users } = parts;
  /** The version this copy is at; '' until the first pull (or after a failed publish: read again). */
  let version = '';
  let epoch = 0;
  let resetPending = false;
  /** A generation of this process's own, for the state it writes afresh: made once, counted on. */
  const writer = randomUUID();
  let writes = 0;
  /** Each section as last applied or published, so a pull restores only what changed. */
  const applied = new Map<keyof ControlState, string>();

  const snapshot = (): ControlState => ({
    epoch,
    clockOffsetMs: clock.offsetSeconds() * 1000,
    faults: faults.snapshot(),
    quirks: quirks.snapshot(),
    scenarios: scenarios.describeActive(),
    users: users.list(),
  });
  const restorers: { [K in keyof ControlState]: (value: ControlState[K]) => void } = {
    epoch: (value) => {
      if (value === epoch) return;
      epoch = value;
      onReset();
    },
    clockOffsetMs: (ms) => {
      clock.reset();
      clock.advance(ms / 1000);
    },
    faults: (value) => faults.restore(value),
    quirks: (value) => quirks.restore(value),
    scenarios: (specs) => {
      scenarios.clear();
      for (const spec of specs) scenarios.switchOn(spec);
    },
    users: (value) => users.restore(value),
  };
  const apply = (state: ControlState) => {
    for (const key of Object.keys(restorers) as (keyof ControlState)[]) {
      // Object.keys loses the keys' type; they are the restorers' own.
      const text = JSON.stringify(state[key]);
      if (applied.get(key) === text) continue;
      applied.set(key, text);
      // Each restorer takes its own section; TypeScript cannot pair them through the loop variable.
      (restorers[key] as (value: unknown) => void)(state[key]);
    }
  };
  const remember = (state: ControlState) => {
    for (const key of Object.keys(restorers) as (keyof ControlState)[]) {
      applied.set(key, JSON.stringify(state[key]));
    }
  };

  const pull = async ({ counts = false }: { counts?: boolean } = {}): Promise<void> => {
    // The first pull publishes this process's start-up state if the world has none yet; so does one
    // that finds it gone (a Redis restarted empty), with the mock's seed, so that every process, and
    // one that joins later, still signs with one key.
    const initial = version === '' ? JSON.stringify(snapshot()) : '';
    const generation = initial === '' ? '' : `${writer}.${++writes}`;
    const reply = await scripts.run(PULL, [base, version, initial, keepMs, seed, generation]);
    const [next, state] = Array.isArray(reply) ? reply : [];
    if (typeof next !== 'string') {
      version = '';
      return pull({ counts });
    }
    version = next;
    // Written only by this module, from a ControlState.
    if (typeof state === 'string') apply(JSON.parse(state) as ControlState);
    else if (initial !== '') remember(JSON.parse(initial) as ControlState);
    if (counts) await pullCounts();
  };

  /** The rules' hits and uses left, which every process moves without a new version. */
  const pullCounts = async () => {
    const rules = faults.list();
    if (rules.length === 0) return;
    const keys = rules.flatMap((r) => [`${base}f:h:${r.id}`, `${base}f:b:${r.id}`]);
    const reply = await scripts.command(['MGET', ...keys]);
    const values = Array.isArray(reply) ? reply : [];
    rules.forEach((rule, i) => {
      const hits = values[2 * i];
      const left = values[2 * i + 1];
      faults.counted(
        rule.id,
        hits == null ? rule.hits : Number(hits),
        left == null ? undefined : Math.max(0, Number(left)),
      );
    });
  };

  const lock = async (token: string): Promise<void> => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await scripts.command(['SET', `${base}c:lock`, token, 'NX', 'PX', String(LOCK_MS)])) !== 'OK') {
      if (Date.now() > deadline) {
        throw new StoreBusyError(
          `another process has held this world's lock for over ${LOCK_WAIT_MS / 1000} s`,
        );
      }
      await sleep(5);
    }
  };

  return {
    pull,
    async change(work) {
      const token = randomUUID();
      await lock(token);
      try {
        await pull();
        const result = await work();
        if (resetPending) epoch++;
        const state = snapshot();
        try {
          version = String(
            await scripts.run(PUBLISH, [base, token, JSON.stringify(state), keepMs, `${writer}.${++writes}`]),
          );
        } catch (error) {
          // Not published: this copy is ahead of the store, so the next pull reads the store's again.
          version = '';
          applied.clear();
          throw error;
        }
        remember(state);
        return result;
      } finally {
        resetPending = false;
        await scripts.run(UNLOCK, [`${base}c:lock`, token]).catch(() => {});
      }
    },
    async resetting() {
      await scripts.deleteUnder(`${base}f:`);
      resetPending = true;
    },
  };
}
