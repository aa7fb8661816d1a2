import type { Clock } from '../core/clock.js';
import { lua, type RedisScripts } from '../core/redis-scripts.js';
import { type DeviceGrant, type DeviceGrantStore, normalizeUserCode } from './device-grants.js';

/**
 * How long a grant is kept past its expiry, so a late poll reads "expired" rather than "invalid"
 * (the vendor's two answers); Redis then forgets it by itself.
 */
const KEEP_EXPIRED_MS = 3_600_000;

// Keys under the world's base: d:c:<device code> the grant as JSON, d:u:<USERCODE> its device code.
const ADD = lua(
  'grant-add',
  `redis.call('SET', ARGV[1] .. 'd:c:' .. ARGV[2], ARGV[4], 'PX', ARGV[5])
redis.call('SET', ARGV[1] .. 'd:u:' .. ARGV[3], ARGV[2], 'PX', ARGV[5])
return 1`,
);

const BY_USER_CODE = lua(
  'grant-by-user-code',
  `local d = redis.call('GET', ARGV[1] .. 'd:u:' .. ARGV[2])
if not d then return false end
return redis.call('GET', ARGV[1] .. 'd:c:' .. d)`,
);

/** The first approval stands: a second person confirming the same code changes nothing. */
const APPROVE = lua(
  'grant-approve',
  `local key = ARGV[1] .. 'd:c:' .. ARGV[2]
local text = redis.call('GET', key)
if not text then return false end
local grant = cjson.decode(text)
if grant.approvedBy == nil then
  grant.approvedBy = ARGV[3]
  text = cjson.encode(grant)
  redis.call('SET', key, text, 'KEEPTTL')
end
return text`,
);

/** Removes a grant; 1 only for the caller that found it there. */
const TAKE = lua(
  'grant-take',
  `if redis.call('DEL', ARGV[1] .. 'd:c:' .. ARGV[2]) == 0 then return 0 end
local u = ARGV[1] .. 'd:u:' .. ARGV[3]
if redis.call('GET', u) == ARGV[2] then redis.call('DEL', u) end
return 1`,
);

/**
 * Dreadnode's pending device logins in the shared store: the process that answers a poll or the
 * approval page need not be the one that handed out the code. Bounded by Redis TTLs, not a cap.
 */
export class RedisDeviceGrants implements DeviceGrantStore {
  readonly #scripts: RedisScripts;
  readonly #base: string;
  readonly #clock: Clock;

  constructor({ scripts, base, clock }: { scripts: RedisScripts; base: string; clock: Clock }) {
    this.#scripts = scripts;
    this.#base = base;
    this.#clock = clock;
  }

  async add(grant: DeviceGrant): Promise<void> {
    const ms = Math.max(1, Math.ceil(grant.expiresAt - this.#clock.now())) + KEEP_EXPIRED_MS;
    await this.#scripts.run(ADD, [
      this.#base,
      grant.deviceCode,
      normalizeUserCode(grant.userCode),
      JSON.stringify(grant),
      String(ms),
    ]);
  }

  async byDeviceCode(deviceCode: string): Promise<DeviceGrant | undefined> {
    return toGrant(await this.#scripts.command(['GET', `${this.#base}d:c:${deviceCode}`]));
  }

  async byUserCode(typed: string): Promise<DeviceGrant | undefined> {
    const code = normalizeUserCode(typed);
    if (code === '') return undefined;
    const grant = toGrant(await this.#scripts.run(BY_USER_CODE, [this.#base, code]));
    return grant && grant.expiresAt > this.#clock.now() ? grant : undefined;
  }

  async approve(grant: DeviceGrant, username: string): Promise<DeviceGrant> {
    const now = toGrant(await this.#scripts.run(APPROVE, [this.#base, grant.deviceCode, username]));
    return now ?? grant;
  }

  async take(grant: DeviceGrant): Promise<boolean> {
    const args = [this.#base, grant.deviceCode, normalizeUserCode(grant.userCode)];
    return (await this.#scripts.run(TAKE, args)) === 1;
  }

  async delete(grant: DeviceGrant): Promise<void> {
    await this.take(grant);
  }

  /** Nothing here: a reset deletes the world's keys once, where it is made (mocks/app.ts). */
  async clear(): Promise<void> {}
}

function toGrant(reply: unknown): DeviceGrant | undefined {
  if (typeof reply !== 'string') return undefined;
  // Written only by this class (and the approve script), from a DeviceGrant.
  return JSON.parse(reply) as DeviceGrant;
}
