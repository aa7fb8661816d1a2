import { createHash } from 'node:crypto';

/**
 * A Lua script the mock runs in Redis: one atomic step, which no other client's command can interleave
 * with. Sent by its SHA, and by its text the first time a server (or a restarted one) has not seen it.
 */
export interface LuaScript {
  readonly name: string;
  readonly body: string;
  readonly sha: string;
}

export function lua(name: string, body: string): LuaScript {
  return { name, body, sha: createHash('sha1').update(body).digest('hex') };
}

/**
 * What the shared parts of the mock need of a Redis connection (mocks/core/redis-connection.ts): a
 * script or a command, as an argument list. Each fails with StoreUnavailableError while Redis is away.
 */
export interface RedisScripts {
  run(script: LuaScript, args: readonly string[]): Promise<unknown>;
  command(args: readonly string[]): Promise<unknown>;
  /** Every key under `prefix`, for `clear()`: SCAN, never KEYS, so a large store is not blocked. */
  deleteUnder(prefix: string): Promise<void>;
}

/** Redis did not answer a command (lost, restarting): the request is refused, nothing was half done. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
