import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import { watchClientReads } from '../test/helpers/client-reads.js';
import { type HttpOutcome, type HttpResponse, send } from './http.js';

const LIMITS = { timeoutMs: 300, maxBodyBytes: 64 * 1024 };

/** A tiny server on an ephemeral loopback port, closed with its connections when the test ends. */
async function serve(t: Test, handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const get = (url: string, limits = LIMITS) => send({ method: 'GET', url, headers: {} }, limits);

function answered(t: Test, outcome: HttpOutcome): HttpResponse | undefined {
  if (outcome.ok) return outcome.response;
  t.fail(`expected an answer, got ${outcome.kind}: ${outcome.message}`);
  return undefined;
}

/** Writes `chunk` for as long as the client reads, respecting backpressure; resolves when it hangs up. */
function flood(res: Parameters<RequestListener>[1], chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    res.on('close', resolve);
    const flow = () => {
      while (!res.destroyed) {
        if (!res.write(chunk)) {
          res.once('drain', flow);
          return;
        }
      }
    };
    flow();
  });
}

t.test('the timeout covers a body that stalls after the headers', async (t) => {
  const url = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"jwtToken": "eyJ');
  });
  const outcome = await get(url);
  t.match(outcome, { ok: false, kind: 'timeout', message: 'no complete response within 300 ms' });
  t.ok(
    outcome.durationMs >= 295 && outcome.durationMs < 300 + 250,
    `gave up after ${outcome.durationMs} ms, when the timeout ran out`,
  );
});

t.test('the timeout covers a server that never answers at all', async (t) => {
  const url = await serve(t, () => {});
  t.match(await get(url), { ok: false, kind: 'timeout' });
});

t.test('the cap stops an endless body: the client reads about the cap and hangs up', async (t) => {
  let hungUp: Promise<void> = Promise.resolve();
  const url = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    hungUp = flood(res, Buffer.alloc(16 * 1024, 'a'));
  });
  const clientReads = watchClientReads(t);
  const outcome = await get(url, { timeoutMs: 5000, maxBodyBytes: 64 * 1024 });
  t.match(outcome, {
    ok: false,
    kind: 'too-large',
    message: 'response body exceeds 65536 bytes (status 200); stopped reading',
  });
  t.ok(outcome.durationMs < 1000, `stopped after ${outcome.durationMs} ms, not at the timeout`);
  await hungUp;
  t.pass('the server saw the client hang up');
  const [read = Number.POSITIVE_INFINITY] = clientReads();
  t.ok(read <= 64 * 1024 + 64 * 1024 + 1024, `read ${read} bytes: the cap, one chunk more, the headers`);
});

t.test('a body of exactly the cap is read whole; one byte more is too large', async (t) => {
  const url = await serve(t, (req, res) => {
    const size = req.url === '/over' ? 1025 : 1024;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(size, 'x'));
  });
  const limits = { timeoutMs: 1000, maxBodyBytes: 1024 };
  const whole = answered(t, await get(url, limits));
  t.equal(whole?.bytes, 1024);
  t.equal(whole?.text.length, 1024);
  t.match(await get(`${url}over`, limits), { ok: false, kind: 'too-large', message: /exceeds 1024 bytes/ });
});

t.test('the cap counts decoded bytes: a gzip bomb stops at the cap too', async (t) => {
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
  const url = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
  });
  t.ok(bomb.length < 64 * 1024, `${bomb.length} bytes on the wire`);
  t.match(await get(url, { timeoutMs: 2000, maxBodyBytes: 64 * 1024 }), { ok: false, kind: 'too-large' });
});

t.test('a redirect is the answer itself: the 302 with its Location, never followed', async (t) => {
  // Another loopback host, on a port nothing listens on: following it would come back as `refused`.
  const elsewhere = 'http://127.0.0.2:1/elsewhere';
  const url = await serve(t, (_req, res) => {
    res.writeHead(302, { location: elsewhere, 'set-cookie': 'session=abc; Path=/' }).end();
  });
  const response = answered(t, await get(url));
  t.equal(response?.status, 302);
  t.equal(response?.headers.get('location'), elsewhere);
  t.same(response?.setCookies, ['session=abc; Path=/']);
});

t.test('nothing listening: connection refused', async (t) => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  t.match(await get(`http://127.0.0.1:${port}/`), {
    ok: false,
    kind: 'refused',
    message: /^connection refused \(.*ECONNREFUSED/,
  });
});

t.test('a reset in the middle of the body, or before any answer, is `reset`', async (t) => {
  const url = await serve(t, (req, res) => {
    if (req.url === '/before') {
      req.socket.resetAndDestroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"jwtToken": "eyJ', () => setTimeout(() => req.socket.resetAndDestroy(), 20));
  });
  t.match(await get(url), {
    ok: false,
    kind: 'reset',
    message: /^connection closed before a complete response \(/,
  });
  t.match(await get(`${url}before`), { ok: false, kind: 'reset' });
});

t.test('a body cut short of its Content-Length by a plain close is `reset` too', async (t) => {
  const url = await serve(t, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"jwtToken": "eyJ', () => req.socket.destroy());
  });
  t.match(await get(url), { ok: false, kind: 'reset' });
});

t.test('a 204 has no body', async (t) => {
  const url = await serve(t, (_req, res) => {
    res.writeHead(204).end();
  });
  const response = answered(t, await get(url));
  t.equal(response?.status, 204);
  t.equal(response?.text, '');
  t.equal(response?.bytes, 0);
});

t.test('a body that is not UTF-8 is decoded without throwing', async (t) => {
  // "café" in Latin-1, then two bytes that never occur in UTF-8.
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0xfe]);
  const url = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=iso-8859-1' }).end(latin1);
  });
  const response = answered(t, await get(url));
  t.equal(response?.bytes, latin1.length);
  t.equal(response?.text, 'caf\uFFFD\uFFFD\uFFFD', 'each invalid byte becomes U+FFFD');
});
