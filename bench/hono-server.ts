/**
 * The framework's own ceiling: bare Hono on @hono/node-server doing what the node:http baseline does
 * (parse the JSON body, answer fixed JSON). The mock cannot beat this; the gap between this row and
 * the baseline is what the framework costs, the gap below it is what the mock's own work costs.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answer = { access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', token_type: 'bearer', expires_in: 3600 };
const app = new Hono();
app.post('/token', async (c) => {
  try {
    await c.req.json();
  } catch {
    return c.json({ error: 'malformed' }, 400);
  }
  return c.json(answer, 200, { 'cache-control': 'no-store' });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
