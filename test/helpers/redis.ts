import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/** A real redis-server of the test's own, on a free loopback port. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills it and waits for it to exit: what a Redis outage looks like to the mock. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, and waits until it answers. */
  start(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Sends one command in RESP and returns the raw reply, e.g. `+PONG\r\n`. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis: no answer in 2 s')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

/**
 * Starts a redis-server for one test file (Debian's, which `.ci/run` installs): each file its own, so
 * a test that stops Redis disturbs no other file running beside it. Fails, never skips, without one.
 */
export async function testRedis(t: Test): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tokenrig-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    child = proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (error) =>
        reject(
          new Error(
            `redis-server not found: install Debian's redis-server (bash .ci/redis): ${error.message}`,
          ),
        ),
      );
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const pong = await Promise.race([redisCommand(port, 'PING').catch(() => ''), failed]);
      if (pong.startsWith('+PONG')) return;
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  t.teardown(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, port, stop, start };
}
