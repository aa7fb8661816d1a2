/**
 * Prism (Stoplight's OpenAPI mock server), when it is installed, as a peer: the same refreshes against
 * `prism mock` serving the project's own OpenAPI documents. It is not a dependency (185 packages, 90 MB);
 * `npm i --no-save @stoplight/prism-cli@5` puts it where the bench finds it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './processes.js';

export interface Prism {
  /** Prism's CLI script, run with this Node.js. */
  readonly script: string;
  readonly version: string;
}

/** Prism from `$PRISM` (its CLI script), the project's node_modules, or the PATH; undefined when absent. */
export function findPrism(): Prism | undefined {
  const candidates = [process.env.PRISM, join(ROOT, 'node_modules', '.bin', 'prism'), onPath('prism')];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const script = realpathSync(candidate);
    try {
      const version = execFileSync(process.execPath, [script, '--version'], { encoding: 'utf8' }).trim();
      return { script, version };
    } catch {
      // Not a Node.js script (a standalone Prism binary) or broken: not the Prism this bench can drive.
    }
  }
  return undefined;
}

export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** A port free right now: Prism takes a port number and does not report one it picked itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Arguments that start Prism's mock of one profile's OpenAPI document, logging as it does by default. */
export function prismArgs(prism: Prism, profile: string, port: number): string[] {
  return [
    prism.script,
    'mock',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    join('schemas', profile, 'openapi.json'),
  ];
}
