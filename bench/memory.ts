/**
 * Memory under sustained issuance: `tokenrig mock` as users run it (its own process, default TTLs and
 * session cap), driven over HTTP by autocannon with logins round-robin over the profiles whose login is
 * one request (Dreadnode's device flow needs two). RSS is read from /proc at each checkpoint, so the
 * load generator's memory is not counted.
 */
import autocannon from 'autocannon';
import { serve } from './processes.js';

export interface MemoryCheckpoint {
  readonly logins: number;
  /** The same process's RSS before the first login: what the load added is the ratio to it. */
  readonly startRssMiB: number;
  readonly rssMiB: number;
  readonly sessions: number;
  readonly loginsPerSecond: number;
}

const json = { 'content-type': 'application/json' };
const credentials = '{"username":"demo","password":"demo"}';
export const LOGINS = [
  { method: 'POST', path: '/v1/tokens', headers: json, body: credentials },
  {
    method: 'POST',
    path: '/ccstore/v1/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=demo&password=demo',
  },
  { method: 'POST', path: '/api/v2/auth/token', headers: json, body: credentials },
  { method: 'POST', path: '/api/v1/authenticate', headers: json, body: credentials },
] as const;

/** `amount` logins over 50 connections, the memory parts' load; the headers copied, as autocannon writes into them. */
export function logins(url: string, amount: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: 50,
    amount,
    requests: LOGINS.map((l) => ({ ...l, headers: { ...l.headers } })),
  });
}

export async function memory(checkpoints: readonly number[]): Promise<MemoryCheckpoint[]> {
  const mock = await serve(['bin/tokenrig.js', 'mock', '--quiet', '--port', '0']);
  const results: MemoryCheckpoint[] = [];
  const startRssMiB = mock.rssMiB();
  let done = 0;
  try {
    for (const checkpoint of [...checkpoints].sort((a, b) => a - b)) {
      const r = await logins(mock.url, checkpoint - done);
      if (r.non2xx || r.errors) throw new Error(`${r.non2xx + r.errors} logins failed`);
      done = checkpoint;
      const health = (await (await fetch(`${mock.url}/__admin/health`)).json()) as { sessions: number };
      results.push({
        logins: done,
        startRssMiB,
        rssMiB: mock.rssMiB(),
        sessions: health.sessions,
        loginsPerSecond: r.requests.average,
      });
    }
  } finally {
    await mock.stop();
  }
  return results;
}
