/**
 * Memory under sustained issuance: logins round-robin over the five profiles with default TTLs and the
 * default session cap, in a process of its own so its RSS is the mock's alone. Run as a child by
 * bench/index.ts (`node dist/bench/memory.js <checkpoints...>`); prints one JSON line per checkpoint.
 */
import { createMockApp } from '../mocks/app.js';

const checkpoints = process.argv.slice(2).map(Number);
const mock = createMockApp({ seed: 1 });
const logins: [string, RequestInit][] = [
  [
    '/v1/tokens',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"demo","password":"demo"}',
    },
  ],
  [
    '/ccstore/v1/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=demo&password=demo',
    },
  ],
  [
    '/api/v2/auth/token',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"demo","password":"demo"}',
    },
  ],
  [
    '/api/v1/authenticate',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"demo","password":"demo"}',
    },
  ],
];
const last = Math.max(...checkpoints);
for (let i = 1; i <= last; i++) {
  const [path, init] = logins[i % logins.length] ?? logins[0] ?? ['', {}];
  const res = await mock.app.request(path, init);
  if (res.status !== 200) throw new Error(`login ${i} answered ${res.status}`);
  await res.arrayBuffer();
  if (checkpoints.includes(i)) {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    console.log(
      JSON.stringify({
        logins: i,
        rssMiB: usage.rss / 2 ** 20,
        heapMiB: usage.heapUsed / 2 ** 20,
        sessions: mock.services.sessions.size,
      }),
    );
  }
}
