import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI as a user runs it: the built bin script (`npm test` builds first). */
export const BIN = fileURLToPath(new URL('../../bin/tokenrig.js', import.meta.url));

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end and collects its output. Asynchronous on purpose: tests often serve the
 * target from the same process, and a synchronous spawn would block the event loop that answers it.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `tokenrig <args>` with the current Node.js. */
export function tokenrig(args: readonly string[]): Promise<Outcome> {
  return runProcess(process.execPath, [BIN, ...args]);
}

export interface SpawnedMock {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the mock printed on stdout so far (its banner first). */
  stdout(): string;
}

/**
 * `tokenrig mock <args>` as a user starts it, resolved once its banner is whole (the users line ends
 * it), so a test can read the banner and call the URL. Rejects if the process exits first.
 */
export function spawnMock(args: readonly string[]): Promise<SpawnedMock> {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] && /\n {2}users: /.test(stdout)) resolve({ child, url: match[1], stdout: () => stdout });
    });
    child.on('exit', (code) => reject(new Error(`tokenrig mock exited early with ${code}: ${stdout}`)));
  });
}
