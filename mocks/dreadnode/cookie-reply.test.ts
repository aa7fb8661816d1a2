import { connect } from 'node:net';
import t from 'tap';
import { cookies, deviceLogin, type Pair, REFRESH, refresh } from '../../test/helpers/dreadnode.js';
import { mockApp, SEED } from '../../test/helpers/mock.js';
import { startMockServer } from '../server.js';

/**
 * A refresh's two Set-Cookie lines are built as one iterable plain header object (cookie-reply.ts):
 * node's writeHead must write them as two lines over a real socket, and every path that turns the
 * object into web Headers (in-process requests, CORS, a `Prefer` status override) must keep two.
 */

const COOKIE_LINES = [
  /^access_token=[\w.-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
  /^refresh_token=[\w.-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
];

/** One request on a fresh connection that the server closes; the head's lines as sent, and the body. */
function exchange(port: number, request: string): Promise<{ lines: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(received).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      resolve({ lines: raw.slice(0, split).split('\r\n'), body: raw.slice(split + 4) });
    });
  });
}

function refreshRequest(token: string, extra = ''): string {
  const body = JSON.stringify({ refresh_token: token });
  return (
    `POST ${REFRESH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

t.test('in-process: two Set-Cookie lines and the JSON no-store headers, no length of its own', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const reply = await refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
  t.equal(reply.status, 200);
  t.match(cookies(reply), COOKIE_LINES);
  t.equal(cookies(reply).length, 2, 'one header entry per cookie, not one joined line');
  t.same(
    [...reply.headers.keys()],
    ['cache-control', 'content-type', 'pragma', 'set-cookie', 'set-cookie'],
    'the same headers as c.json with appended cookies gave',
  );
  t.equal(reply.headers.get('content-type'), 'application/json');
  t.equal(reply.headers.get('cache-control'), 'no-store');
  t.equal(reply.headers.get('pragma'), 'no-cache');
  const body = reply.json as Pair;
  t.match(cookies(reply)[1], `refresh_token=${body.refresh_token};`, 'the cookie carries the answered token');
});

t.test('over a real socket: the header lines in the order and case the adapter wrote before', async (t) => {
  const running = await startMockServer({ port: 0, apis: ['dreadnode'], seed: SEED });
  t.teardown(() => running.close());
  const login = async (): Promise<Pair> => {
    const code = await fetch(`${running.url}/api/auth/device/code`, { method: 'POST' });
    const { device_code } = (await code.json()) as { device_code: string };
    const token = await fetch(`${running.url}/api/auth/device/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device_code }),
    });
    return (await token.json()) as Pair;
  };
  const names = (lines: string[]) => lines.slice(1).map((line) => line.slice(0, line.indexOf(':')));
  const setCookies = (lines: string[]) =>
    lines.filter((line) => line.startsWith('set-cookie: ')).map((line) => line.slice(12));

  const plain = await exchange(running.port, refreshRequest((await login()).refresh_token));
  t.equal(plain.lines[0], 'HTTP/1.1 200 OK');
  t.same(names(plain.lines), [
    'cache-control',
    'content-type',
    'pragma',
    'set-cookie',
    'set-cookie',
    'Content-Length',
    'Date',
    'Connection',
  ]);
  t.match(setCookies(plain.lines), COOKIE_LINES, 'two lines, one cookie each');
  t.ok(plain.lines.includes(`Content-Length: ${Buffer.byteLength(plain.body)}`), 'the body is its length');
  t.match(JSON.parse(plain.body), { token_type: 'bearer', expires_in: 3600 });

  const cors = await exchange(
    running.port,
    refreshRequest((await login()).refresh_token, 'Origin: http://app.test\r\n'),
  );
  t.match(setCookies(cors.lines), COOKIE_LINES, 'CORS adds its headers and keeps two cookie lines');
  t.ok(cors.lines.includes('access-control-allow-origin: http://app.test'));

  const override = await exchange(
    running.port,
    refreshRequest((await login()).refresh_token, 'Prefer: code=200\r\n'),
  );
  // A documented success status: the answer is rebuilt from the handler's body and headers.
  t.equal(override.lines[0], 'HTTP/1.1 200 OK', 'the directive was honoured');
  t.match(setCookies(override.lines), COOKIE_LINES, 'and the answer rebuilt from it keeps two cookie lines');
});
