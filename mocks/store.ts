import { randomInt } from 'node:crypto';
import { connectRedis, type RedisConnection, type StoreTarget } from './core/redis-connection.js';

/** `--seed` differs from the seed of the mock already sharing the store: the CLI's exit 2. */
export class StoreSeedError extends Error {
  override readonly name = 'StoreSeedError';
}

/** A mock process joined to its shared store. */
export interface JoinedStore {
  readonly connection: RedisConnection;
  /** The seed every process of the mock uses: the first one's, kept in the store. */
  readonly seed: number;
  /** This process's own stream of draws, so no two processes make the same ids. */
  readonly stream: number;
}

const SEED_KEY = 'tokenrig:seed';
const PROCESSES_KEY = 'tokenrig:processes';

/**
 * Connects to the store and joins the mock that uses it: every process signs with one key and
 * derives one set of identities, so all take the seed of the first (or `seed`, which must then agree);
 * each gets a stream of its own. Throws StoreUnreachableError (exit 3) or StoreSeedError (exit 2).
 */
export async function joinStore(
  target: Extract<StoreTarget, { kind: 'redis' }>,
  { seed, log }: { seed?: number; log?: (line: string) => void },
): Promise<JoinedStore> {
  const connection = await connectRedis(target, log ? { log } : {});
  try {
    const { command } = connection.scripts;
    await command(['SET', SEED_KEY, String(seed ?? randomInt(0, 2 ** 31 - 1)), 'NX']);
    const held = Number(await command(['GET', SEED_KEY]));
    if (seed !== undefined && held !== seed) {
      throw new StoreSeedError(
        `--seed ${seed}: the store at ${target.address} is the mock of seed ${held}; give --seed ${held} (or none) to join it, or another database (redis://…/<db>) for a mock of its own`,
      );
    }
    const stream = Number(await command(['INCR', PROCESSES_KEY]));
    return { connection, seed: held, stream };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
