import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { connectRedis, type StoreTarget } from '../../mocks/core/redis-connection.js';
import { CliError, EXIT } from '../exit-codes.js';

/** The variable that tells a worker which of the mock's processes it is (1 prints the banner). */
export const WORKER_VARIABLE = 'TOKENRIG_MOCK_WORKER';

/** Which worker this process is, or undefined when it is not one of `--workers`'. */
export function workerNumber(): number | undefined {
  const value = cluster.isWorker ? process.env[WORKER_VARIABLE] : undefined;
  return value === undefined ? undefined : Number.parseInt(value, 10);
}

/** Whether this process prints the start banner: the only process, or the first worker's first start. */
export function printsBanner(): boolean {
  const value = cluster.isWorker ? process.env[WORKER_VARIABLE] : undefined;
  return value === undefined || value === '1';
}

/**
 * The checks on `--workers` before anything starts: a whole number from 1 to a sane bound, and more
 * than one only over a shared store: with the memory store each process would hold its own sessions,
 * and a token issued by one would be unknown to the next.
 */
export function checkWorkers(workers: number, store: StoreTarget): void {
  const most = Math.max(64, availableParallelism() * 4);
  if (!Number.isInteger(workers) || workers < 1 || workers > most) {
    throw new CliError(`--workers takes a whole number from 1 to ${most}, got ${workers}`, EXIT.USAGE);
  }
  if (workers > 1 && store.kind === 'memory') {
    throw new CliError(
      `--workers ${workers} needs a shared store: with the memory store each process would have sessions of its own, and a token issued by one would be unknown to the next. Give --store redis://127.0.0.1:6379/0 (or run one process)`,
      EXIT.USAGE,
    );
  }
}

/**
 * The primary of `--workers N` (node:cluster): N copies of this command share one port, each a whole
 * mock over the one store. It checks the store answers first (exit 3 with the address, before any
 * worker starts), restarts a worker that dies while the mock runs, exits with a worker's code when one
 * cannot start (port in use: 3), and stops every worker on SIGINT or SIGTERM.
 */
export async function runWorkers(
  workers: number,
  store: Extract<StoreTarget, { kind: 'redis' }>,
): Promise<void> {
  try {
    await (await connectRedis(store)).close();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.UNREACHABLE);
  }
  let stopping = false;
  const started = new Set<Worker>();
  const numbers = new Map<Worker, number>();
  // A restarted worker is `<n>+`: the banner was printed once, by the first start of worker 1.
  const fork = (n: number, again = false) => {
    const worker = cluster.fork({ [WORKER_VARIABLE]: again ? `${n}+` : String(n) });
    numbers.set(worker, n);
    worker.on('listening', () => started.add(worker));
  };
  return new Promise<void>((resolve, reject) => {
    cluster.on('exit', (worker, code, signal) => {
      const n = numbers.get(worker) ?? 0;
      numbers.delete(worker);
      if (stopping) {
        if (numbers.size === 0) resolve();
        return;
      }
      if (!started.has(worker)) {
        // It never listened: a bad flag or a port in use, which every other worker meets too.
        stopping = true;
        for (const other of numbers.keys()) other.process.kill('SIGTERM');
        reject(
          new CliError(
            `worker ${n} of ${workers} could not start (its reason is above)`,
            code || EXIT.UNREACHABLE,
          ),
        );
        return;
      }
      console.error(
        `tokenrig mock: worker ${n} (pid ${worker.process.pid}) ended (${signal ?? `code ${code}`}); starting another`,
      );
      fork(n, true);
    });
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`tokenrig mock: ${signal}, stopping ${numbers.size} workers`);
      for (const worker of numbers.keys()) worker.process.kill('SIGTERM');
      if (numbers.size === 0) resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    for (let n = 1; n <= workers; n++) fork(n);
  });
}
