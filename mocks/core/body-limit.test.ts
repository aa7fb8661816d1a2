import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import t from 'tap';
import { bodyLimit, requestText } from './body-limit.js';
import type { MockEnv } from './types.js';

/** An app whose one route echoes its body's length, behind a 16-byte limit. */
function limitedApp(): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const limit = bodyLimit({ maxBytes: 16, onTooLarge: (c) => c.text('too large', 413) });
  app.post('/echo', limit, async (c) => c.text(`read ${(await requestText(c)).length}`));
  return app;
}

t.test(
  'in-process: a body within the limit reaches the handler once; a longer one gets onTooLarge',
  async (t) => {
    const app = limitedApp();
    const within = await app.request('/echo', { method: 'POST', body: '0123456789abcdef' });
    t.equal(await within.text(), 'read 16', 'exactly the limit');
    const over = await app.request('/echo', { method: 'POST', body: '0123456789abcdefg' });
    t.equal(over.status, 413);
    t.equal(await over.text(), 'too large');
    const multiByte = await app.request('/echo', { method: 'POST', body: 'éééééééé' + 'é' });
    t.equal(multiByte.status, 413, 'bytes are counted, not characters');
  },
);

/** One raw request to the server; `chunked` sends the body without a Content-Length. */
function send(port: number, body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/echo' }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (!chunked) req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body);
  });
}

t.test('over a socket: decided from Content-Length, or a chunked body read with the cap', async (t) => {
  const server = serve({ fetch: limitedApp().fetch, port: 0, hostname: '127.0.0.1' });
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  t.same(await send(port, '0123456789', false), { status: 200, text: 'read 10' });
  t.same(await send(port, 'x'.repeat(17), false), { status: 413, text: 'too large' }, 'by its length');
  t.same(await send(port, '0123456789', true), { status: 200, text: 'read 10' }, 'chunked, read once here');
  t.equal((await send(port, 'x'.repeat(4096), true)).status, 413, 'chunked, cut at the cap');
});
