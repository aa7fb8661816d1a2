import { type LuaScript, lua } from './redis-scripts.js';

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
  local u = redis.call('HGET', p .. 's:' .. id, 'u')
  if u then redis.call('SREM', p .. 'u:' .. u, id) end
  local tk = p .. 't:' .. id
  for _, token in ipairs(redis.call('LRANGE', tk, 0, -1)) do redis.call('DEL', p .. 'r:' .. token) end
  redis.call('DEL', tk, p .. 's:' .. id)
end
local function load(id)
  local s = redis.call('HMGET', p .. 's:' .. id, 'p', 'u', 'c', 'e', 'ra', 'rr', 'j')
  if not s[1] then return nil end
  return {id, s[1], s[2], s[3], s[4], s[5], s[6], s[7], redis.call('LRANGE', p .. 't:' .. id, 0, -1)}
end
local function add(id, token, now, e, keep, rotated)
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
  return 1
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

const BODIES = {
  // ARGV: prefix id profile username now expiresAt keepMs max
  open: `${LIB}
local id, now, e, keep, max = ARGV[2], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local sk = p .. 's:' .. id
redis.call('HSET', sk, 'p', ARGV[3], 'u', ARGV[4], 'c', now, 'e', e)
local ms = ttl(e, now, keep)
redis.call('PEXPIRE', sk, ms)
local uk = p .. 'u:' .. ARGV[4]
redis.call('SADD', uk, id)
-- Sessions Redis expired by their TTLs leave their ids here: a few are checked at each login, more
-- than the one it adds, so a user who logs in all day keeps a set the size of their live sessions.
for _, old in ipairs(redis.call('SRANDMEMBER', uk, 3)) do
  if redis.call('EXISTS', p .. 's:' .. old) == 0 then redis.call('SREM', uk, old) end
end
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
return add(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]))`,
  // ARGV: prefix token now mode(inspect|rotate) graceMs keepMs [successor successorExpiresAt keepRotated]
  // A rotation with a successor stores it in the same step: a family is never left with its token
  // rotated and no new one, whatever happens to the process or to Redis between two calls.
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
    if ARGV[7] then
      add(r[1], ARGV[7], ARGV[3], ARGV[8], keep, tonumber(ARGV[9]))
      s = load(r[1])
    end
  -- Without a grace every replay revokes: processes read their clocks before the script runs, so a
  -- replay's time may be a hair before the rotation it follows.
  elseif status == 'reused' and (grace <= 0 or now - tonumber(r[3]) >= grace) then
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

/** The session store's scripts (mocks/core/redis-session-store.ts), one per method that decides and changes. */
export const SESSION_SCRIPTS = Object.fromEntries(
  Object.entries(BODIES).map(([name, text]) => [name, lua(name, text)]),
) as { readonly [K in keyof typeof BODIES]: LuaScript }; // Object.fromEntries loses the keys' type.
