/**
 * Cold start: from process launch to the first successful response, for the mock and for the bare
 * node:http baseline, median of several launches.
 */
import { spawn } from 'node:child_process';
import { median, ROOT } from './processes.js';

async function once(args: readonly string[], probe: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  for (;;) {
    const res = await fetch(url + probe).catch(() => undefined);
    if (res?.ok) break;
  }
  const elapsed = performance.now() - started;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return elapsed;
}

export interface ColdStart {
  readonly mockMs: number;
  readonly baselineMs: number;
}

export async function coldStart(launches: number): Promise<ColdStart> {
  const mock: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < launches; i++) {
    baseline.push(await once(['dist/bench/baseline-server.js'], '/'));
    mock.push(await once(['bin/tokenrig.js', 'mock', '--quiet', '--port', '0'], '/__admin/health'));
  }
  return { mockMs: median(mock), baselineMs: median(baseline) };
}
