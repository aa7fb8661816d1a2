import { spawn } from 'node:child_process';
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
export function runProcess(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
