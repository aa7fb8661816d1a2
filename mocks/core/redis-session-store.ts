import type { Clock } from './clock.js';
import type {
  RefreshLookup,
  RevocationReason,
  Session,
  SessionCounts,
  SessionStore,
} from './session-store.js';

/**
 * What the store needs of a Redis connection: one command at a time, as an argument list. The mock's
 * connection (mocks/core/redis-connection.ts) runs these as Lua scripts by their SHA.
 */
export interface RedisScripts {
  run(script: ScriptName, args: readonly string[]): Promise<unknown>;
  /** Every key under `prefix`, for `clear()`: SCAN, never KEYS, so a large store is not blocked. */
  deleteUnder(prefix: string): Promise<void>;
}

export interface RedisSessionStoreOptions {
  scripts: RedisScripts;
  clock: Clock;
  /** Every key of this store starts with it: one per namespace, so namespaces never see each other. */
  prefix: string;
  maxSessions?: number;
  keepRotated?: number;
  keepRevokedMs?: number;
}

/*
 * Keys under the prefix:
 *   s:<id>     hash  p profile, u username, c createdAt, e expiresAt, ra revokedAt, rr reason, j jti
 *   t:<id>     list  the family's refresh tokens, oldest first
 *   r:<token>  hash  s session id, e expiresAt, ro rotatedAt
 *   u:<name>   set   the user's session ids, for revokeUser
 *   order      zset  session ids by createdAt, for the session cap
 * Every key but `order` has a TTL: its expiry plus keepRevokedMs, so Redis forgets a family by itself
 * (no sweeper) a while after its tokens read "expired". Times are the mock's clock in ms; a TTL is real
 * time, so a clock moved ahead only makes tokens read "expired" sooner, never drops a key early.
 * `order` is trimmed as sessions open: the oldest ids whose session is gone, then the oldest live ones
 * over the cap, which holds across every process that shares the store.
 */
const LIB = `
local p = ARGV[1]
local function ttl(expiresAt, now, keep)
  local left = tonumber(expiresAt) - tonumber(now)
  if left < 0 then left = 0 end
  return left + tonumber(keep)
end
local function extend(key, ms)
  local cur = redis.call('PTTL', key)
  if cur >= 0 and cur < ms then redis.call('PEXPIRE', key, ms) end
end
local function drop(id)
  local tk = p .. 't:' .. id
  for _, token in ipairs(redis.call('LRANGE', tk, 0, -1)) do redis.call('DEL', p .. 'r:' .. token) end
  redis.call('DEL', tk, p .. 's:' .. id)
end
local function load(id)
  local s = redis.call('HMGET', p .. 's:' .. id, 'p', 'u', 'c', 'e', 'ra', 'rr', 'j')
  if not s[1] then return nil end
  return {id, s[1], s[2], s[3], s[4], s[5], s[6], s[7], redis.call('LRANGE', p .. 't:' .. id, 0, -1)}
end
local function revoke(id, now, reason, keep)
  local sk = p .. 's:' .. id
  if redis.call('EXISTS', sk) == 0 or redis.call('HEXISTS', sk, 'ra') == 1 then return 0 end
  redis.call('HSET', sk, 'ra', now, 'rr', reason)
  redis.call('PEXPIRE', sk, keep)
  redis.call('PEXPIRE', p .. 't:' .. id, keep)
  return 1
end
`;

export const SCRIPTS = {
  // ARGV: prefix id profile username now expiresAt keepMs max
  open: `${LIB}
local id, now, e, keep, max = ARGV[2], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local sk = p .. 's:' .. id
redis.call('HSET', sk, 'p', ARGV[3], 'u', ARGV[4], 'c', now, 'e', e)
local ms = ttl(e, now, keep)
redis.call('PEXPIRE', sk, ms)
local uk = p .. 'u:' .. ARGV[4]
redis.call('SADD', uk, id)
if redis.call('PTTL', uk) < ms then redis.call('PEXPIRE', uk, ms) end
local order = p .. 'order'
redis.call('ZADD', order, now, id)
for _ = 1, 2 do
  local oldest = redis.call('ZRANGE', order, 0, 0)[1]
  if not oldest or redis.call('EXISTS', p .. 's:' .. oldest) == 1 then break end
  redis.call('ZREM', order, oldest)
end
while redis.call('ZCARD', order) > max do
  local popped = redis.call('ZPOPMIN', order)
  drop(popped[1])
end
return load(id)`,
  // ARGV: prefix id token now expiresAt keepMs keepRotated
  addRefreshToken: `${LIB}
local id, token, now, e, keep, rotated = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
local sk = p .. 's:' .. id
if redis.call('EXISTS', sk) == 0 then return 0 end
local rk = p .. 'r:' .. token
local ms = ttl(e, now, keep)
redis.call('HSET', rk, 's', id, 'e', e)
redis.call('PEXPIRE', rk, ms)
local tk = p .. 't:' .. id
redis.call('RPUSH', tk, token)
while redis.call('LLEN', tk) > rotated + 1 do
  redis.call('DEL', p .. 'r:' .. redis.call('LPOP', tk))
end
if tonumber(e) > tonumber(redis.call('HGET', sk, 'e')) then redis.call('HSET', sk, 'e', e) end
if redis.call('HEXISTS', sk, 'ra') == 0 then
  extend(sk, ms)
  if redis.call('PTTL', tk) < ms then redis.call('PEXPIRE', tk, ms) end
end
return 1`,
  // ARGV: prefix token now mode(inspect|rotate) graceMs keepMs
  lookup: `${LIB}
local token, now, mode, grace, keep = ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local rk = p .. 'r:' .. token
local r = redis.call('HMGET', rk, 's', 'e', 'ro')
if not r[1] then return {'unknown'} end
local s = load(r[1])
if not s then return {'unknown'} end
local status
if s[6] then status = 'revoked'
elseif r[3] then status = 'reused'
elseif tonumber(r[2]) <= now then status = 'expired'
else status = 'active' end
if mode == 'rotate' then
  if status == 'active' then
    redis.call('HSET', rk, 'ro', now)
  elseif status == 'reused' and now - tonumber(r[3]) >= grace then
    revoke(r[1], now, 'reuse-detected', keep)
    s = load(r[1])
  end
end
return {status, s}`,
  // ARGV: prefix id
  get: `${LIB}
return load(ARGV[2])`,
  // ARGV: prefix id now reason keepMs
  revoke: `${LIB}
return revoke(ARGV[2], ARGV[3], ARGV[4], ARGV[5])`,
  // ARGV: prefix username now keepMs
  revokeUser: `${LIB}
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', p .. 'u:' .. ARGV[2])) do
  n = n + revoke(id, ARGV[3], 'user-deleted', ARGV[4])
end
return n`,
  // ARGV: prefix id jti expiresAt expect('' for none) now keepMs
  issued: `${LIB}
local id, jti, e, expect, now, keep = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local sk = p .. 's:' .. id
local s = redis.call('HMGET', sk, 'p', 'ra', 'j', 'e')
if not s[1] or s[2] then return 0 end
if expect ~= '' and s[3] ~= expect then return 0 end
redis.call('HSET', sk, 'j', jti)
if tonumber(e) > tonumber(s[4]) then
  redis.call('HSET', sk, 'e', e)
  extend(sk, ttl(e, now, keep))
end
return 1`,
  // ARGV: prefix
  list: `${LIB}
local out = {}
for _, id in ipairs(redis.call('ZRANGE', p .. 'order', 0, -1)) do
  local s = load(id)
  if s then out[#out + 1] = s end
end
return out`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;

type Row = readonly [
  id: string,
  profile: string,
  username: string,
  createdAt: string,
  expiresAt: string,
  revokedAt: string | null,
  revokedReason: string | null,
  jti: string | null,
  refreshTokens: readonly string[],
];

/** A session as Redis returns it (the `load` of the scripts above), or undefined for none. */
function toSession(reply: unknown): Session | undefined {
  if (!Array.isArray(reply) || reply.length < 9) return undefined;
  // The scripts above return exactly this shape; Redis replies are untyped at the wire.
  const [id, profile, username, createdAt, expiresAt, revokedAt, revokedReason, jti, tokens] =
    reply as unknown as Row;
  return {
    id,
    profile,
    username,
    createdAt: Number(createdAt),
    expiresAt: Number(expiresAt),
    ...(revokedAt !== null ? { revokedAt: Number(revokedAt) } : {}),
    // Written only by the scripts above, from a RevocationReason.
    ...(revokedReason !== null ? { revokedReason: revokedReason as RevocationReason } : {}),
    ...(jti !== null ? { currentJti: jti } : {}),
    refreshTokens: [...tokens],
  };
}

const STATUSES = new Set(['active', 'expired', 'revoked', 'reused']);

function toLookup(reply: unknown): RefreshLookup {
  if (!Array.isArray(reply)) return { status: 'unknown' };
  const [status, row] = reply;
  const session = toSession(row);
  if (!session || typeof status !== 'string' || !STATUSES.has(status)) return { status: 'unknown' };
  // Checked against STATUSES just above.
  return { status: status as 'active' | 'expired' | 'revoked' | 'reused', session };
}

/**
 * Sessions and refresh tokens in Redis, shared by every mock process pointed at the same database.
 * Each method is one Lua script, which Redis runs atomically: the look-up and the rotation of a
 * refresh token cannot interleave with another process's, so reuse detection sees a replay wherever
 * it lands, and of concurrent rotations of one token exactly one wins.
 */
export class RedisSessionStore implements SessionStore {
  readonly #scripts: RedisScripts;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #max: string;
  readonly #keepRotated: string;
  readonly #keep: string;

  constructor({
    scripts,
    clock,
    prefix,
    maxSessions = 100_000,
    keepRotated = 8,
    keepRevokedMs = 3_600_000,
  }: RedisSessionStoreOptions) {
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError('maxSessions must be >= 1');
    this.#scripts = scripts;
    this.#clock = clock;
    this.#prefix = prefix;
    this.#max = String(maxSessions);
    this.#keepRotated = String(keepRotated);
    this.#keep = String(keepRevokedMs);
  }

  #now(): string {
    return String(Math.floor(this.#clock.now()));
  }

  async open(id: string, profile: string, username: string, ttlSeconds: number): Promise<Session> {
    const now = Math.floor(this.#clock.now());
    const reply = await this.#scripts.run('open', [
      this.#prefix,
      id,
      profile,
      username,
      String(now),
      String(now + ttlSeconds * 1000),
      this.#keep,
      this.#max,
    ]);
    const session = toSession(reply);
    if (!session) throw new Error(`redis: session ${id} was not stored`);
    return session;
  }

  async get(id: string): Promise<Session | undefined> {
    return toSession(await this.#scripts.run('get', [this.#prefix, id]));
  }

  async addRefreshToken(session: Session, token: string, ttlSeconds: number): Promise<void> {
    const now = Math.floor(this.#clock.now());
    const expiresAt = now + ttlSeconds * 1000;
    await this.#scripts.run('addRefreshToken', [
      this.#prefix,
      session.id,
      token,
      String(now),
      String(expiresAt),
      this.#keep,
      this.#keepRotated,
    ]);
    // The caller's view follows, as the memory store's live object would.
    session.refreshTokens.push(token);
    session.expiresAt = Math.max(session.expiresAt, expiresAt);
  }

  async holds(token: string): Promise<boolean> {
    return (await this.inspect(token)).status !== 'unknown';
  }

  async inspect(token: string): Promise<RefreshLookup> {
    return toLookup(
      await this.#scripts.run('lookup', [this.#prefix, token, this.#now(), 'inspect', '0', this.#keep]),
    );
  }

  async rotate(token: string, graceMs = 0): Promise<RefreshLookup> {
    return toLookup(
      await this.#scripts.run('lookup', [
        this.#prefix,
        token,
        this.#now(),
        'rotate',
        String(graceMs),
        this.#keep,
      ]),
    );
  }

  async revoke(id: string, reason: RevocationReason): Promise<boolean> {
    return (await this.#scripts.run('revoke', [this.#prefix, id, this.#now(), reason, this.#keep])) === 1;
  }

  async revokeUser(username: string): Promise<number> {
    return Number(await this.#scripts.run('revokeUser', [this.#prefix, username, this.#now(), this.#keep]));
  }

  async issued(id: string, jti: string, expiresAt: number, expectJti?: string): Promise<boolean> {
    const reply = await this.#scripts.run('issued', [
      this.#prefix,
      id,
      jti,
      String(Math.floor(expiresAt)),
      expectJti ?? '',
      this.#now(),
      this.#keep,
    ]);
    return reply === 1;
  }

  async list(): Promise<Session[]> {
    const reply = await this.#scripts.run('list', [this.#prefix]);
    if (!Array.isArray(reply)) return [];
    return reply.flatMap((row) => toSession(row) ?? []);
  }

  async size(): Promise<number> {
    return (await this.list()).length;
  }

  async counts(): Promise<SessionCounts> {
    const now = this.#clock.now();
    let revoked = 0;
    let expired = 0;
    const sessions = await this.list();
    for (const session of sessions) {
      if (session.revokedAt !== undefined) revoked++;
      else if (session.expiresAt <= now) expired++;
    }
    return { live: sessions.length - revoked - expired, revoked, expired };
  }

  async clear(): Promise<void> {
    await this.#scripts.deleteUnder(this.#prefix);
  }
}
