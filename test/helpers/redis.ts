import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';

/**
 * A real Redis for tests: Debian's redis-server, never a stand-in, so that what a test sees is what the
 * server does. testRedis() starts a server of the test's own rather than using .ci/run's shared one
 * (TOKENRIG_TEST_REDIS_URL): tap runs test files in parallel, and a test that stops and restarts its
 * server must not take the server away from another file. sharedRedisUrl() is for tests that only need
 * somewhere to connect; they share that server, so each must keep to keys of its own and never FLUSHALL.
 */

export interface TestRedis {
  /** Database 0 of the test's own server. */
  readonly url: string;
  readonly port: number;
  /**
   * Kills the server (SIGKILL, no shutdown: what a Redis outage looks like to the mock) and resolves once
   * it has exited: connections to the port are then refused.
   */
  stop(): Promise<void>;
  /**
   * Starts it again on the same port and resolves once it answers: empty, or with everything it had
   * acknowledged when started with `persist`.
   */
  start(): Promise<void>;
}

const MISSING = "redis-server not found: install Debian's redis-server (bash .ci/redis)";
const READY_WITHIN_MS = 10_000;
const KILL_AFTER_MS = 2_000;
const REPLY_WITHIN_MS = 5_000;
const PROBE_WITHIN_MS = 500;

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** The tail of what the server printed, for the error when it does not come up. */
  output(): string;
}

/** The server could not listen on its port because something else holds it. */
class PortTaken extends Error {}

// A test file that ends through process.exit or an uncaught exception skips its teardowns; the children
// would outlive it and keep their ports, so they are killed as the process goes (only sync work runs here).
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Its own redis-server on a free loopback port, killed and its folder removed by the test's teardown. */
export async function testRedis(
  t: Test,
  { persist = false }: { persist?: boolean } = {},
): Promise<TestRedis> {
  // Looked up first so that a machine without Redis fails with the fix in the message, not with ENOENT.
  const bin = onPath('redis-server');
  if (!bin) throw new Error(MISSING);
  const dir = await mkdtemp(join(tmpdir(), 'tokenrig-redis-'));
  let server: Running | undefined;
  t.teardown(async () => {
    if (server) await halt(server);
    await rm(dir, { recursive: true, force: true });
  });

  // The free port is only free when asked; another process may take it before redis-server binds it.
  let port = 0;
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    try {
      server = await launch(bin, port, dir, persist);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }

  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async stop() {
      if (server) await halt(server, 'SIGKILL');
      server = undefined;
    },
    async start() {
      if (server) throw new Error(`redis-server on 127.0.0.1:${port} is already running`);
      server = await launch(bin, port, dir, persist);
    },
  };
}

/**
 * A Redis URL for a test that never stops its server: .ci/run's shared server when it runs, else a
 * server of the test's own (a plain `npx tap` run needs no set-up).
 */
export async function sharedRedisUrl(t: Test): Promise<string> {
  const shared = process.env.TOKENRIG_TEST_REDIS_URL;
  if (shared) return shared;
  return (await testRedis(t)).url;
}

/**
 * Sends one command (RESP) to 127.0.0.1:port on a connection of its own and resolves with the raw reply,
 * type byte and CRLFs included (`+PONG\r\n`, `:3\r\n`, `$5\r\nvalue\r\n`), so a test can check it exactly
 * without a client library. Rejects with the socket's error (ECONNREFUSED when nothing listens).
 */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return send(port, args, REPLY_WITHIN_MS);
}

function send(port: number, args: readonly string[], timeoutMs: number): Promise<string> {
  if (args.length === 0) return Promise.reject(new Error('redisCommand needs a command'));
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  const request = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no whole reply to ${args[0]} from 127.0.0.1:${port} within ${timeoutMs} ms`)),
    );
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = replyEnd(received, 0);
      if (end === undefined) return;
      resolve(received.toString('utf8', 0, end));
      socket.destroy();
    });
    socket.on('error', reject);
    // After a resolve this reject does nothing; before one, the server hung up mid-reply.
    socket.on('close', () =>
      reject(new Error(`127.0.0.1:${port} closed before a whole reply to ${args[0]}`)),
    );
  });
}

/** Where the first whole RESP reply from `from` ends, or undefined while part of it has yet to arrive. */
function replyEnd(buffer: Buffer, from: number): number | undefined {
  const eol = buffer.indexOf('\r\n', from);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buffer[from] ?? 0);
  const size = Number(buffer.toString('latin1', from + 1, eol));
  const next = eol + 2;
  // Lengths count bytes, hence a Buffer and not a string; RESP3's types in case a test sends HELLO 3.
  if ('$=!'.includes(type)) {
    if (size < 0) return next;
    return buffer.length >= next + size + 2 ? next + size + 2 : undefined;
  }
  if ('*~>%'.includes(type)) {
    let at: number | undefined = next;
    const elements = type === '%' ? size * 2 : size;
    for (let i = 0; i < elements && at !== undefined; i++) at = replyEnd(buffer, at);
    return at;
  }
  return next;
}

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder, or not executable: the next folder may have it.
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('the probe server has no port');
  return address.port;
}

/** Starts redis-server and resolves once this very process answers on the port (not another one there). */
async function launch(bin: string, port: number, dir: string, persist: boolean): Promise<Running> {
  // No RDB, and no AOF unless asked: a restarted server then starts empty. With `persist`, every write
  // is in the AOF before it is answered (fsync always), so a server killed and started again has all
  // it acknowledged, as a production Redis with persistence would. Nothing is written outside `dir`.
  const aof = persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...aof];
  const child = spawn(bin, [...args, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      keep(Buffer.from(String(error)));
      exitedWith ??= error.message;
      live.delete(child);
      resolve();
    });
    child.on('exit', (code, signal) => {
      exitedWith = signal ?? `exit code ${code}`;
      live.delete(child);
      resolve();
    });
  });
  const running: Running = { child, exited, output: () => output };

  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (exitedWith !== undefined) {
      const message = `redis-server on 127.0.0.1:${port} ended (${exitedWith}) before it answered PING:\n${output}`;
      throw /Address already in use/.test(output) ? new PortTaken(message) : new Error(message);
    }
    if (await answers(port, child.pid)) return running;
    if (Date.now() > deadline) {
      await halt(running);
      throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within 10 s:\n${output}`);
    }
    await sleep(25);
  }
}

/** PING answered, by the server with this pid: another server that took the port must not pass for it. */
async function answers(port: number, pid: number | undefined): Promise<boolean> {
  try {
    // A short wait: a port taken by something that never answers must not hold the loop for long.
    if ((await send(port, ['PING'], PROBE_WITHIN_MS)) !== '+PONG\r\n') return false;
    const info = await send(port, ['INFO', 'server'], PROBE_WITHIN_MS);
    if (new RegExp(`\\r\\nprocess_id:${pid}\\r\\n`).test(info)) return true;
    throw new PortTaken(`127.0.0.1:${port} is answered by another process than redis-server ${pid}`);
  } catch (error) {
    if (error instanceof PortTaken) throw error;
    return false; // not listening yet
  }
}

/** The signal, SIGKILL if it is still there 2 s later; resolves once the process has exited. */
async function halt(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  running.child.kill(signal);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), KILL_AFTER_MS);
  await running.exited;
  clearTimeout(timer);
}
