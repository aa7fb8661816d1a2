/**
 * The bench's own redis-server (Debian's, from the PATH) for the rows of `tokenrig mock --store redis://…`:
 * on a free loopback port, nothing persisted, in a temporary folder, stopped at the end. It never uses a
 * server that is already running (port 6379 or any other), whose contents the bench would flush.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, onPath } from './prism.js';
import { pinServer, treeCpuSeconds, treeRssMiB } from './processes.js';

export const REDIS_MISSING = "redis-server not found: install Debian's redis-server (bash .ci/redis)";

export interface BenchRedis {
  /** Database 0, for `--store`. */
  readonly url: string;
  readonly version: string;
  /** FLUSHDB: the next row starts with no sessions, users or rules of the previous one. */
  flush(): Promise<void>;
  /** INFO memory's used_memory (what Redis allocated for the data), MiB. */
  usedMemoryMiB(): Promise<number>;
  /** DBSIZE: keys in database 0. */
  keys(): Promise<number>;
  /** The largest key's name, MEMORY USAGE (MiB) and SCARD, among the sets whose name matches `pattern`. */
  largestSet(pattern: string): Promise<{ key: string; mib: number; members: number } | undefined>;
  rssMiB(): number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

type Reply = string | number | null | Reply[];

/** Reads one RESP reply from `buf` at `at`; undefined while it has not all arrived. */
function parse(buf: Buffer, at: number): { value: Reply; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  switch (String.fromCharCode(buf[at] ?? 0)) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      throw new Error(`redis: ${line}`);
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const items: Reply[] = [];
      let end = eol + 2;
      for (let i = 0; i < Number(line); i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`redis: unexpected reply ${JSON.stringify(line)}`);
  }
}

/** One command on a connection of its own: a handful per row, so no client library is needed. */
function command(port: number, ...args: string[]): Promise<Reply> {
  const wire = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const socket = connect(port, '127.0.0.1', () => socket.write(wire));
    socket.setTimeout(10_000, () => socket.destroy(new Error(`redis: no answer to ${args[0]}`)));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        const reply = parse(buf, 0);
        if (!reply) return;
        socket.end();
        resolve(reply.value);
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    });
  });
}

// A bench that ends through an exception skips its finally blocks' awaits; the server would outlive it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

async function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(bin, [...args, '--dir', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-2000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-2000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
    live.delete(child);
  });
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
    if (exited) break;
    try {
      if ((await command(port, 'PING')) === 'PONG') return child;
    } catch {
      // Not listening yet.
    }
  }
  child.kill('SIGKILL');
  const last = output.trim().split('\n').at(-1) ?? '';
  throw new Error(`redis-server on port ${port} did not start: ${last || 'no answer within 10 s'}`);
}

/** Starts the bench's redis-server (on the servers' core while the bench is pinned). */
export async function startRedis(): Promise<BenchRedis> {
  const bin = onPath('redis-server');
  if (!bin) throw new Error(REDIS_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'tokenrig-bench-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  // A free port is only free when asked: another process may bind it first, so up to three tries.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    if (port === 6379) continue; // The usual server's port, should the kernel ever hand it out.
    try {
      child = await launch(bin, port, dir);
    } catch (error) {
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const server = child;
  pinServer(server.pid);
  const info = String(await command(port, 'INFO', 'server'));
  const field = (text: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(text)?.[1]?.trim();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    version: field(info, 'redis_version') ?? '?',
    flush: async () => {
      await command(port, 'FLUSHDB');
    },
    usedMemoryMiB: async () =>
      Number(field(String(await command(port, 'INFO', 'memory')), 'used_memory')) / 1024 / 1024,
    keys: async () => Number(await command(port, 'DBSIZE')),
    largestSet: async (pattern) => {
      let best: { key: string; mib: number; members: number } | undefined;
      let cursor = '0';
      do {
        const reply = await command(port, 'SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000');
        const [next, keys] = Array.isArray(reply) ? reply : ['0', []];
        cursor = String(next);
        for (const key of Array.isArray(keys) ? keys : []) {
          const mib = Number(await command(port, 'MEMORY', 'USAGE', String(key))) / 1024 / 1024;
          if (!best || mib > best.mib) {
            best = { key: String(key), mib, members: Number(await command(port, 'SCARD', String(key))) };
          }
        }
      } while (cursor !== '0');
      return best;
    },
    rssMiB: () => treeRssMiB(server.pid),
    cpuSeconds: () => treeCpuSeconds(server.pid),
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const gone = new Promise((done) => server.once('exit', done));
        server.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
