import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CORES = availableParallelism();
let pinned = false;

function taskset(pid: number | undefined, cores: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' }).status === 0;
}

/**
 * For load tests, servers run on core 0 and the bench (the load generator) on core 1, when there are
 * two cores and taskset (util-linux) is there: without pinning, the scheduler moves both about and the
 * same figure varies by a fifth between runs; pinned, by a few per cent. Returns whether it pinned.
 */
export function pinForLoad(): boolean {
  pinned = CORES >= 2 && taskset(process.pid, '1');
  return pinned;
}

/**
 * Puts a server-side process (a server, or the redis-server it uses) on the servers' core while the
 * bench is pinned; the processes it forks later (node:cluster's workers) inherit that core.
 */
export function pinServer(pid: number | undefined): void {
  if (pinned) taskset(pid, '0');
}

/** The process and every process under it (a node:cluster primary's workers), from /proc. */
export function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // It has exited: nothing of it to count.
  }
  // A child is listed under the thread that forked it, so every thread's list is read.
  const children = tasks.flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean);
    } catch {
      return [];
    }
  });
  return [pid, ...children.flatMap((child) => processTree(Number(child)))];
}

/** Resident memory of a process and those under it, MiB (shared pages count once per process). */
export function treeRssMiB(pid: number | undefined): number {
  return sumProc(pid, (p) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  });
}

/** CPU time a process and those under it have used so far, seconds (user + system). */
export function treeCpuSeconds(pid: number | undefined): number {
  return sumProc(pid, (p) => {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  });
}

function sumProc(pid: number | undefined, read: (pid: number) => number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += read(p);
    } catch {
      // It exited between the listing and the read: it holds nothing any more.
    }
  }
  return total;
}

/** Gives the bench every core again (the runner figures use both, as a CI job would). */
export function unpin(): void {
  if (pinned) taskset(process.pid, `0-${CORES - 1}`);
  pinned = false;
}

export interface Served {
  readonly url: string;
  readonly child: ChildProcess;
  /**
   * Resident memory of the server process and its workers, if any, MiB (from /proc: the load generator
   * is not counted).
   */
  rssMiB(): number;
  /** CPU time the server process and its workers have used so far, seconds (user + system, from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /**
   * A file for the server's stdout (its request log): written by the kernel, not read by the bench,
   * which shares its core with the load generator. Without it stdout is a pipe the bench reads.
   */
  readonly stdoutFile?: string;
}

/** The line every server here prints when it is ready: the mock, the baselines and Prism. */
export const LISTENING = /listening on (http:\/\/[\d.]+:\d+)/;

/** Starts a server process (on core 0 while pinned) and waits for the `listening on <url>` line it prints. */
export function serve(args: readonly string[], { stdoutFile }: ServeOptions = {}): Promise<Served> {
  const fd = stdoutFile === undefined ? undefined : openSync(stdoutFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd ?? 'pipe', 'inherit'] });
  if (fd !== undefined) closeSync(fd);
  // A child inherits the bench's core; the server gets the other one.
  pinServer(child.pid);
  const served = (url: string): Served => ({
    url,
    child,
    rssMiB: () => treeRssMiB(child.pid),
    cpuSeconds: () => treeCpuSeconds(child.pid),
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const found = (text: string): boolean => {
      const url = LISTENING.exec(text)?.[1];
      if (url) resolve(served(url));
      return url !== undefined;
    };
    if (stdoutFile === undefined) {
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        found(out);
      });
    } else {
      const poll = setInterval(() => {
        out = readFileSync(stdoutFile, 'utf8');
        if (found(out)) clearInterval(poll);
      }, 10);
      child.once('exit', () => clearInterval(poll));
    }
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export const fmt = (n: number, digits = 0) => n.toFixed(digits);
