import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BIN, type Outcome, runProcess } from './spawn.js';

/** A port free a moment ago, for a snippet that starts its own server on the port it names. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a documented shell snippet as a user pastes it, in `cwd`, with `npx tokenrig` meaning this
 * checkout's bin/tokenrig.js (an `npx` first on PATH; any other npx call goes to the real one) and the
 * documented port 4010 swapped for a free one. Background jobs the snippet leaves are ended on exit,
 * whatever happened, so a failing snippet leaves no server behind.
 */
export async function runSnippet(script: string, cwd: string): Promise<Outcome & { port: number }> {
  const bin = join(cwd, '.bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'npx');
  // exec: a background `npx tokenrig mock &` is then the node process itself, which `kill %1` ends.
  writeFileSync(
    shim,
    `#!/bin/sh\nif [ "$1" = tokenrig ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\n` +
      `PATH="${process.env.PATH ?? ''}" exec npx "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const port = await freePort();
  const body = script
    .replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`)
    .replaceAll('--port 4010', `--port ${port}`);
  const wrapped = [
    `cd "${cwd}"`,
    `export PATH="${bin}:$PATH"`,
    "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT",
    body,
  ].join('\n');
  return { ...(await runProcess('bash', ['-euo', 'pipefail', '-c', wrapped])), port };
}
