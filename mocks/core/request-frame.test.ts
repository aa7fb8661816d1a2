import { Hono } from 'hono';
import t from 'tap';
import { createClock } from './clock.js';
import { Journal } from './journal.js';
import { createRequestFrame, type RequestFrameOptions } from './request-frame.js';
import type { MockEnv } from './types.js';

/** An app with one framed route and one framed admin route. */
function framed(options: Partial<RequestFrameOptions> = {}) {
  const journal = new Journal(10);
  const lines: string[] = [];
  const frame = createRequestFrame({
    journal,
    clock: createClock(),
    log: (line) => lines.push(line),
    corsRefusals: [],
    ...options,
  });
  const app = new Hono<MockEnv>();
  app.post('/login', (c) => frame(c, { profile: 'vcf', operation: 'login' }, () => c.json({ ok: true })));
  app.get('/__admin/health', (c) => frame(c, {}, () => c.json({ status: 'ok' })));
  return { app, journal, lines };
}

t.test('one log line and one journal entry per request, with its route', async (t) => {
  const { app, journal, lines } = framed();
  await app.request('/login?x=1', { method: 'POST', headers: { authorization: 'Bearer abc' } });
  t.match(lines, [/^POST \/login 200 vcf\.login [\d.]+ms$/]);
  t.match(journal.entries(), [
    { method: 'POST', path: '/login', query: '?x=1', status: 200, profile: 'vcf', operation: 'login' },
  ]);
  t.equal(journal.entries()[0]?.requestHeaders.authorization, 'Bearer abc', 'kept as received');
  await app.request('/__admin/health');
  t.equal(lines.length, 2, 'the admin API is logged');
  t.equal(journal.total, 1, 'but not journaled');
});

t.test('CORS only when there is an Origin: preflights answered, origins allow-listed', async (t) => {
  const { app } = framed({ corsOrigins: ['https://app.example'] });
  const plain = await app.request('/login', { method: 'POST' });
  t.equal(plain.headers.get('access-control-allow-origin'), null);
  const allowed = await app.request('/login', { method: 'POST', headers: { origin: 'https://app.example' } });
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
  t.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
  const other = await app.request('/login', { method: 'POST', headers: { origin: 'https://evil.example' } });
  t.equal(other.headers.get('access-control-allow-origin'), null);
});

t.test("a vendor's allow-list, when its quirk is on: other origins get its 403", async (t) => {
  const flag = { on: false };
  const { app, journal } = framed({
    corsRefusals: [{ flag, prefix: '/login', origins: ['https://vendor.example'] }],
  });
  const headers = { origin: 'http://localhost:5173' };
  t.equal((await app.request('/login', { method: 'POST', headers })).status, 200, 'quirk off');
  flag.on = true;
  const refused = await app.request('/login', { method: 'POST', headers });
  t.equal(refused.status, 403);
  t.equal(await refused.text(), 'Invalid CORS request');
  const vendor = await app.request('/login', {
    method: 'POST',
    headers: { origin: 'https://vendor.example' },
  });
  t.equal(vendor.status, 200);
  t.equal(journal.entries()[1]?.status, 403, 'the refusal is journaled too');
});
