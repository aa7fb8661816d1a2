import { createClient } from '@redis/client';
import { type RedisScripts, StoreUnavailableError } from './redis-scripts.js';
import { SESSION_SCRIPTS } from './redis-session-scripts.js';

/** A `--store` URL that is not one: the CLI's exit 2. */
export class StoreUrlError extends Error {
  override readonly name = 'StoreUrlError';
}

/** Redis did not answer at start: the CLI's exit 3, with the address. */
export class StoreUnreachableError extends Error {
  override readonly name = 'StoreUnreachableError';
}

/** Where `--store` points, parsed once at start. `memory` (the default) needs no server. */
export type StoreTarget =
  | { kind: 'memory' }
  | { kind: 'redis'; url: string; address: string; database: number };

export function parseStoreUrl(value: string | undefined): StoreTarget {
  if (value === undefined || value === 'memory') return { kind: 'memory' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StoreUrlError(
      `--store ${JSON.stringify(value)}: not a URL; give memory or redis://host:port/db`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new StoreUrlError(
      `--store ${value}: ${url.protocol} is not a store; give memory or redis://host:port/db`,
    );
  if (!url.hostname) throw new StoreUrlError(`--store ${value}: no host`);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path))
    throw new StoreUrlError(
      `--store ${value}: the path must be a database number, not ${JSON.stringify(path)}`,
    );
  const database = path === '' ? 0 : Number(path);
  return { kind: 'redis', url: value, address: `${url.hostname}:${url.port || '6379'}`, database };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A live connection to the store's Redis, with the session scripts loaded. */
export interface RedisConnection {
  readonly scripts: RedisScripts;
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Connects, or throws StoreUnreachableError within `timeoutMs`. Afterwards a lost connection is
 * retried every 250 ms by the client; commands sent meanwhile fail at once (no offline queue), so a
 * request is answered with an error instead of waiting, and nothing is half done: each command is a
 * whole script. `log` gets one line when the connection goes and one when it is back.
 */
export async function connectRedis(
  target: Extract<StoreTarget, { kind: 'redis' }>,
  { log = () => {}, timeoutMs = 3000 }: { log?: (line: string) => void; timeoutMs?: number } = {},
): Promise<RedisConnection> {
  let connected = false;
  let down = false;
  const client = createClient({
    url: target.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: () => (connected ? 250 : false) },
  });
  client.on('error', (error: unknown) => {
    if (connected && !down) {
      down = true;
      log(`store: lost redis at ${target.address} (${messageOf(error)}); requests fail until it is back`);
    }
  });
  client.on('ready', () => {
    if (down) log(`store: redis at ${target.address} is back`);
    down = false;
  });
  try {
    await client.connect();
    connected = true;
    // The hot path's scripts, so the first requests send SHAs only; others are cached on first use.
    for (const { body } of Object.values(SESSION_SCRIPTS)) await client.sendCommand(['SCRIPT', 'LOAD', body]);
  } catch (error) {
    // A client whose connect failed may be closed already, and then destroy() throws.
    if (client.isOpen) client.destroy();
    throw new StoreUnreachableError(`redis at ${target.address} did not answer: ${messageOf(error)}`);
  }
  // Every failure is the store's absence to the caller: it answers with its 5xx and commits nothing.
  const send = async (args: readonly string[]): Promise<unknown> => {
    try {
      return await client.sendCommand([...args]);
    } catch (error) {
      throw new StoreUnavailableError(`redis at ${target.address}: ${messageOf(error)}`, { cause: error });
    }
  };
  const scripts: RedisScripts = {
    async run(script, args) {
      try {
        return await send(['EVALSHA', script.sha, '0', ...args]);
      } catch (error) {
        // A restarted Redis has forgotten the scripts: EVAL sends the body and caches it again.
        if (!messageOf(error).includes('NOSCRIPT')) throw error;
        return await send(['EVAL', script.body, '0', ...args]);
      }
    },
    command: send,
    async deleteUnder(prefix) {
      const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const reply = await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500']);
        // SCAN's reply is [cursor, [keys...]].
        const [next, keys] = Array.isArray(reply) ? reply : [];
        const found = Array.isArray(keys) ? keys.map(String) : [];
        if (found.length > 0) await send(['UNLINK', ...found]);
        cursor = String(next ?? '0');
      } while (cursor !== '0');
    },
  };
  return {
    scripts,
    address: target.address,
    async close() {
      connected = false;
      client.destroy();
    },
  };
}
