import t from 'tap';
import { demo, JSON_TYPE, LOGINS, loginsStillWorkOver, send } from '../test/helpers/hardening.js';
import { call, mockApp, SEED } from '../test/helpers/mock.js';
import { rawExchange, request } from '../test/helpers/raw-http.js';
import { createClock } from './core/clock.js';
import { MemorySessionStore } from './core/session-store.js';
import { startMockServer } from './server.js';

// Load: many connections are all answered, and what a storm of logins leaves behind stays bounded.

t.test('2 000 concurrent connections, one login each: all answered', async (t) => {
  const running = await startMockServer({ port: 0, seed: SEED });
  t.teardown(() => running.close());
  const count = 2000;
  const started = performance.now();
  const replies = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const login = LOGINS[i % LOGINS.length] as (typeof LOGINS)[number];
      const raw = request(
        login.method,
        login.path,
        { 'content-type': login.type, 'content-length': String(login.body.length), connection: 'close' },
        login.body,
      );
      return rawExchange(running.port, [raw], { timeoutMs: 30_000 });
    }),
  );
  const elapsed = Math.round(performance.now() - started);
  const statuses = new Map<number, number>();
  for (const r of replies) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  t.same(Object.fromEntries(statuses), { 200: count }, `every connection got a 200 (${elapsed} ms)`);
  t.equal(await running.mock.services.sessions.size(), count, 'one session per login');
  await loginsStillWorkOver(t, running);
});

t.test('a storm of 50 000 logins: sessions, tokens and journal stay bounded', async (t) => {
  const clock = createClock();
  const mock = mockApp(t, [], { maxSessions: 1000, journalSize: 500, refreshTtl: 60, accessTtl: 30, clock });
  const storm = 50_000;
  let requests = 0;
  for (let i = 0; i < storm; i++) {
    const login = LOGINS[i % LOGINS.length] as (typeof LOGINS)[number];
    const reply = await mock.app.request(login.path, {
      method: login.method,
      headers: { 'content-type': login.type },
      body: login.body,
    });
    requests++;
    if (reply.status !== 200) t.fail(`login ${i} (${login.profile}): ${reply.status}`);
  }
  const { sessions } = mock.services;
  // The memory store's own count of refresh tokens: what this bound is about.
  if (!(sessions instanceof MemorySessionStore)) throw new Error('the memory store was expected');
  const held = await sessions.size();
  t.ok(held <= 1000, `sessions capped: ${held}`);
  t.ok(sessions.refreshTokenCount <= 1000, `refresh tokens capped: ${sessions.refreshTokenCount}`);
  t.ok(mock.journal.entries().length <= mock.journal.capacity, 'the journal keeps its capacity');
  t.equal(mock.journal.total, requests, 'and still counts every request');

  // Past every lifetime, the next login sweeps the expired sessions instead of waiting for the cap.
  clock.advance(3600);
  const after = await send(mock, 'POST', '/v1/tokens', JSON.stringify(demo), JSON_TYPE);
  t.equal(after.status, 200);
  t.equal(await sessions.size(), 1, 'only the new session is left');
  t.equal(sessions.refreshTokenCount, 1);
});

t.test('pending device codes are capped: a login loop cannot grow the mock', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const first = await call(mock, 'POST', '/api/auth/device/code');
  const code = (first.json as { device_code: string }).device_code;
  for (let i = 0; i < 10_000; i++) await mock.app.request('/api/auth/device/code', { method: 'POST' });
  const poll = await call(mock, 'POST', '/api/auth/device/token', { json: { device_code: code } });
  t.equal(poll.status, 400, 'the oldest pending code was evicted at 10 000: unknown now');
  t.match(poll.json, { type: 'invalid_device_code' });
});
