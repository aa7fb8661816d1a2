/**
 * Cold start: from process launch to the first successful answer to a real request (a VMware login for
 * the mock, its fixed POST for the baseline), median of several launches. The mock's figure includes
 * compiling the login's request schema, which happens on first use; the time to its first answer of
 * any kind (/__admin/health) is printed beside it.
 */
import { spawn } from 'node:child_process';
import { freePort, type Prism, prismArgs } from './prism.js';
import { LISTENING, median, ROOT } from './processes.js';

interface Probe {
  readonly path: string;
  readonly init?: RequestInit;
}

const LOGIN: Probe = {
  path: '/v1/tokens',
  init: {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  },
};
const HEALTH: Probe = { path: '/__admin/health' };
const BASELINE: Probe = {
  path: '/token',
  init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
};

/** Milliseconds from spawn to the probe's first 2xx, asked as soon as the server says it listens. */
async function once(args: readonly string[], probe: Probe): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = LISTENING.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url + probe.path, probe.init).catch(() => undefined);
      if (res?.ok) break;
      if (attempt > 1000) throw new Error(`${probe.path} never answered 2xx (last: ${res?.status})`);
    }
    return performance.now() - started;
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

export interface ColdStart {
  readonly baselineMs: number;
  /** Launch to the mock's first answer of any kind. */
  readonly mockHealthMs: number;
  /** Launch to its first successful login. */
  readonly mockLoginMs: number;
  readonly prismLoginMs?: number;
}

export async function coldStart(launches: number, prism?: Prism): Promise<ColdStart> {
  const baseline: number[] = [];
  const health: number[] = [];
  const login: number[] = [];
  const prismLogin: number[] = [];
  // The bench's own first fetch loads its HTTP client; that is not any server's start.
  await fetch('http://127.0.0.1:9/').catch(() => undefined);
  for (let i = 0; i < launches; i++) {
    baseline.push(await once(['dist/bench/baseline-server.js'], BASELINE));
    // Two launches: asking for health first would warm the server before its login.
    login.push(await once(['bin/tokenrig.js', 'mock', '--quiet', '--port', '0'], LOGIN));
    health.push(await once(['bin/tokenrig.js', 'mock', '--quiet', '--port', '0'], HEALTH));
    if (prism) prismLogin.push(await once(prismArgs(prism, 'vcf', await freePort()), LOGIN));
  }
  return {
    baselineMs: median(baseline),
    mockHealthMs: median(health),
    mockLoginMs: median(login),
    ...(prism ? { prismLoginMs: median(prismLogin) } : {}),
  };
}
