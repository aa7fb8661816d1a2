/**
 * Soak benchmark: a fixed number of login + refresh pairs against the mock over real loopback HTTP,
 * round-robin across the five profiles, printing resident memory as it goes. The session store is
 * capped (`--max-sessions`, default: the mock's own, DEFAULT_MAX_SESSIONS), so RSS should climb until the cap is reached and
 * then stay flat: "end / 50%" is the leak indicator, "end / start" the total cost of a full store.
 *
 * @example
 * npm run bench:soak                      # 200 000 pairs, concurrency 32
 * npm run bench:soak -- --count 20000 --concurrency 16 --max-sessions 5000
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_SESSIONS } from '../mocks/app.js';
import { MemorySessionStore } from '../mocks/core/session-store.js';
import { startMockServer } from '../mocks/server.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '32' },
    'max-sessions': { type: 'string', default: String(DEFAULT_MAX_SESSIONS) },
    seed: { type: 'string', default: '1' },
  },
  strict: true,
});

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} takes a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const count = positive('count', values.count);
const concurrency = positive('concurrency', values.concurrency);
const maxSessions = positive('max-sessions', values['max-sessions']);
const seed = positive('seed', values.seed);

const JSON_TYPE = { 'content-type': 'application/json' };
const demo = JSON.stringify({ username: 'demo', password: 'demo' });

/** A failed step: the bench counts these and shows the first few, it does not stop on them. */
class StepError extends Error {}

/** Requests sent, failed ones included. */
let requests = 0;

/** One exchange; only 127.0.0.1 is ever contacted (the mock's own URL). */
async function exchange(base: string, path: string, init: RequestInit): Promise<unknown> {
  requests++;
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  if (res.status !== 200) throw new StepError(`${init.method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

type Pair = (base: string) => Promise<void>;

/** Each profile's real login then refresh, as in the README's curl sessions. */
const PAIRS: readonly [string, Pair][] = [
  [
    'vcf',
    async (base) => {
      const login = (await exchange(base, '/v1/tokens', {
        method: 'POST',
        headers: JSON_TYPE,
        body: demo,
      })) as {
        refreshToken: { id: string };
      };
      await exchange(base, '/v1/tokens/access-token/refresh', {
        method: 'PATCH',
        headers: JSON_TYPE,
        body: JSON.stringify(login.refreshToken.id),
      });
    },
  ],
  [
    'oracle-commerce',
    async (base) => {
      const login = (await exchange(base, '/ccstore/v1/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password&username=demo&password=demo',
      })) as { access_token: string };
      await exchange(base, '/ccstore/v1/refresh', {
        method: 'POST',
        headers: { ...JSON_TYPE, authorization: `Bearer ${login.access_token}` },
        body: '{}',
      });
    },
  ],
  [
    'dreadnode',
    async (base) => {
      const code = (await exchange(base, '/api/auth/device/code', { method: 'POST' })) as {
        device_code: string;
      };
      const pair = (await exchange(base, '/api/auth/device/token', {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ device_code: code.device_code }),
      })) as { refresh_token: string };
      await exchange(base, '/api/auth/refresh', {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ refresh_token: pair.refresh_token }),
      });
    },
  ],
  [
    'flolive',
    async (base) => {
      const login = (await exchange(base, '/api/v2/auth/token', {
        method: 'POST',
        headers: JSON_TYPE,
        body: demo,
      })) as { content: [{ token: string; refreshToken: string }] };
      const { token, refreshToken } = login.content[0];
      await exchange(base, '/api/v2/auth/token', {
        method: 'PUT',
        headers: JSON_TYPE,
        body: JSON.stringify({ token, refreshToken }),
      });
    },
  ],
  [
    'kirjaswappi',
    async (base) => {
      const login = (await exchange(base, '/api/v1/authenticate', {
        method: 'POST',
        headers: JSON_TYPE,
        body: demo,
      })) as { refreshToken: string };
      await exchange(base, '/api/v1/authenticate/refresh', {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ refreshToken: login.refreshToken }),
      });
    },
  ],
];

const mib = (bytes: number) => bytes / 1024 / 1024;

/**
 * Memory now. With `--expose-gc` (as `npm run bench:soak` runs it) a full collection comes first, so
 * the figures show what is retained rather than when the collector last ran.
 */
function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}
const fmt = (n: number, digits = 1) => n.toFixed(digits);

const running = await startMockServer({ port: 0, host: '127.0.0.1', seed, maxSessions, journalSize: 1000 });
const store = running.mock.services.sessions;
// The soak measures the memory store, whose own counters the progress lines print.
if (!(store instanceof MemorySessionStore)) throw new Error('soak: the memory store was expected');
const sessions: MemorySessionStore = store;
const atStart = memory();
const rssStart = atStart.rss;
const started = performance.now();
let next = 0;
let done = 0;
let failures = 0;
const firstFailures: string[] = [];
let lastMark = { at: started, requests: 0 };
const rssAt = new Map<number, number>();

console.log(
  `soak: ${count} login+refresh pairs, concurrency ${concurrency}, 5 profiles round-robin, ` +
    `maxSessions ${maxSessions}, ${running.url}`,
);
console.log(
  `  start   rss ${fmt(mib(rssStart))} MiB   heap ${fmt(mib(atStart.heap))} MiB   sessions ${sessions.sessionCount}`,
);

function progress(percent: number): void {
  const now = performance.now();
  const { rss, heap } = memory();
  rssAt.set(percent, rss);
  const interval = ((requests - lastMark.requests) * 1000) / (now - lastMark.at);
  lastMark = { at: now, requests };
  console.log(
    `  ${String(percent).padStart(3)}%    rss ${fmt(mib(rss))} MiB   heap ${fmt(mib(heap))} MiB   sessions ${sessions.sessionCount}   ` +
      `refresh tokens ${sessions.refreshTokenCount}   ${fmt(interval, 0)} req/s`,
  );
}

async function worker(): Promise<void> {
  for (let i = next++; i < count; i = next++) {
    const [name, pair] = PAIRS[i % PAIRS.length] as [string, Pair];
    try {
      await pair(running.url);
    } catch (error) {
      failures++;
      if (firstFailures.length < 5) firstFailures.push(`${name}: ${(error as Error).message}`);
    }
    done++;
    // Exactly one worker completes each tenth, so each mark prints once.
    if (done % Math.max(1, Math.floor(count / 10)) === 0) {
      progress(Math.round((done / count) * 100));
    }
  }
}

let atEnd = atStart;
try {
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Measured with the mock still up and its store full: its steady-state cost, not what closing frees.
  atEnd = memory();
} finally {
  await running.close();
}

const seconds = (performance.now() - started) / 1000;
const rssEnd = atEnd.rss;
const rssHalf = rssAt.get(50);
console.log(
  `  end     rss ${fmt(mib(rssEnd))} MiB   heap ${fmt(mib(atEnd.heap))} MiB   sessions ${sessions.sessionCount}`,
);
console.log(
  `pairs ${count}, requests ${requests}, failures ${failures}, ${fmt(seconds)} s, ` +
    `${fmt(requests / seconds, 0)} req/s`,
);
console.log(
  `rss end/start ${fmt(rssEnd / rssStart, 2)}` +
    (rssHalf === undefined ? '' : `, end/50% ${fmt(rssEnd / rssHalf, 2)}`) +
    `, journal ${running.mock.journal.entries().length}/${running.mock.journal.capacity}`,
);
for (const failure of firstFailures) console.log(`  failure: ${failure}`);
process.exitCode = failures === 0 ? 0 : 1;
