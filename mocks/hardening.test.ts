import { connect } from 'node:net';
import t from 'tap';
import type { ProfileId } from '../schemas/load.js';
import { assertDocumented, call, mockApp, type Reply, SEED } from '../test/helpers/mock.js';
import type { MockApp } from './app.js';
import { createClock } from './core/clock.js';
import { type RunningMock, startMockServer } from './server.js';

/** Whatever test object the shared helpers take. */
type T = Parameters<typeof assertDocumented>[0];

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const demo = { username: 'demo', password: 'demo' };

/** Every operation that reads a request body, with the media type it takes. */
const BODY_OPERATIONS: readonly {
  profile: ProfileId;
  operation: string;
  method: string;
  path: string;
  type: string;
}[] = [
  { profile: 'vcf', operation: 'login', method: 'POST', path: '/v1/tokens', type: JSON_TYPE },
  {
    profile: 'vcf',
    operation: 'refresh',
    method: 'PATCH',
    path: '/v1/tokens/access-token/refresh',
    type: JSON_TYPE,
  },
  {
    profile: 'oracle-commerce',
    operation: 'login',
    method: 'POST',
    path: '/ccstore/v1/login',
    type: FORM_TYPE,
  },
  {
    profile: 'oracle-commerce',
    operation: 'refresh',
    method: 'POST',
    path: '/ccstore/v1/refresh',
    type: JSON_TYPE,
  },
  {
    profile: 'dreadnode',
    operation: 'device-token',
    method: 'POST',
    path: '/api/auth/device/token',
    type: JSON_TYPE,
  },
  { profile: 'dreadnode', operation: 'refresh', method: 'POST', path: '/api/auth/refresh', type: JSON_TYPE },
  { profile: 'flolive', operation: 'login', method: 'POST', path: '/api/v2/auth/token', type: JSON_TYPE },
  { profile: 'flolive', operation: 'refresh', method: 'PUT', path: '/api/v2/auth/token', type: JSON_TYPE },
  {
    profile: 'kirjaswappi',
    operation: 'login',
    method: 'POST',
    path: '/api/v1/authenticate',
    type: JSON_TYPE,
  },
  {
    profile: 'kirjaswappi',
    operation: 'refresh',
    method: 'POST',
    path: '/api/v1/authenticate/refresh',
    type: JSON_TYPE,
  },
];

/** One login per profile, the way each vendor's client logs in: the mock must still serve them all. */
const LOGINS: readonly { profile: ProfileId; method: string; path: string; type: string; body: string }[] = [
  { profile: 'vcf', method: 'POST', path: '/v1/tokens', type: JSON_TYPE, body: JSON.stringify(demo) },
  {
    profile: 'oracle-commerce',
    method: 'POST',
    path: '/ccstore/v1/login',
    type: FORM_TYPE,
    body: 'grant_type=password&username=demo&password=demo',
  },
  {
    profile: 'flolive',
    method: 'POST',
    path: '/api/v2/auth/token',
    type: JSON_TYPE,
    body: JSON.stringify(demo),
  },
  {
    profile: 'kirjaswappi',
    method: 'POST',
    path: '/api/v1/authenticate',
    type: JSON_TYPE,
    body: JSON.stringify(demo),
  },
];

function send(
  mock: MockApp,
  method: string,
  path: string,
  body: string | Uint8Array,
  type: string,
): Promise<Reply> {
  return call(mock, method, path, { body, headers: { 'content-type': type } });
}

/** Asserts a client error: 4xx, documented for the operation, in the profile's envelope. */
function assertClientError(t: T, mock: MockApp, profile: ProfileId, operation: string, reply: Reply): void {
  t.ok(reply.status >= 400 && reply.status < 500, `${profile} ${operation}: a 4xx (got ${reply.status})`);
  assertDocumented(t, mock, profile, operation, reply);
}

async function loginsStillWork(t: T, mock: MockApp): Promise<void> {
  for (const login of LOGINS.filter((l) => mock.profiles.includes(l.profile))) {
    const reply = await send(mock, login.method, login.path, login.body, login.type);
    t.equal(reply.status, 200, `${login.profile} still logs in`);
  }
}

async function loginsStillWorkOver(t: T, running: RunningMock): Promise<void> {
  for (const login of LOGINS.filter((l) => running.mock.profiles.includes(l.profile))) {
    const res = await fetch(`${running.url}${login.path}`, {
      method: login.method,
      headers: { 'content-type': login.type },
      body: login.body,
    });
    await res.arrayBuffer();
    t.equal(res.status, 200, `${login.profile} still logs in over HTTP`);
  }
}

interface RawReply extends Reply {
  /** The server closed the connection (FIN or reset) after answering. */
  readonly closed: boolean;
  readonly elapsedMs: number;
}

/**
 * Writes raw bytes on a fresh connection and reads until the server closes it (or `timeoutMs`); the
 * answer is parsed as one HTTP/1.1 response. `pace` spaces the chunks, for slow or streaming clients.
 */
function rawExchange(
  port: number,
  chunks: readonly (string | Buffer)[],
  { timeoutMs = 5000, paceMs = 0 } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let closed = false;
    let writing = true;
    const finish = () => {
      writing = false;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(received)), closed, elapsedMs: performance.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => received.push(chunk));
    // A reset after the answer (the server stops reading an oversized request) still counts as closed.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    void (async () => {
      for (const chunk of chunks) {
        if (!writing || socket.destroyed) return;
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r).once('close', r));
        if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
      }
    })();
  });
}

function parseResponse(raw: Buffer): Reply {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: new Headers(), text: raw.toString('latin1'), json: undefined };
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = raw.subarray(split + 4);
  if (headers.get('transfer-encoding') === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const eol = body.indexOf('\r\n', at);
      const size = Number.parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}

function request(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries({ host: '127.0.0.1', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`;
}

t.test('a body over the size limit: the profile 4xx, and the connection is not reused', async (t) => {
  const mock = mockApp(t, [], { maxBodyBytes: 1024 });
  const big = 'x'.repeat(4096);
  for (const op of BODY_OPERATIONS) {
    const body = op.type === FORM_TYPE ? `grant_type=password&username=${big}` : JSON.stringify({ big });
    const reply = await send(mock, op.method, op.path, body, op.type);
    assertClientError(t, mock, op.profile, op.operation, reply);
    t.match(reply.text, /exceeds the limit of 1024 bytes/, `${op.profile} ${op.operation}: says why`);
    t.equal(reply.headers.get('connection'), 'close', 'the unread rest of the body ends the connection');
  }
  await loginsStillWork(t, mock);
});

t.test('a 2 MiB chunked body over a real socket: answered at the limit, not buffered', async (t) => {
  const running = await startMockServer({ port: 0, apis: ['kirjaswappi', 'vcf'], seed: SEED });
  t.teardown(() => running.close());
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const head = request('POST', '/api/v1/authenticate', {
    'content-type': JSON_TYPE,
    'transfer-encoding': 'chunked',
  });
  const reply = await rawExchange(running.port, [head, ...Array(32).fill(frame), '0\r\n\r\n']);
  t.equal(reply.status, 400);
  t.match(reply.json, { error: { code: 'payloadTooLarge', message: /exceeds the limit of 65536 bytes/ } });
  assertDocumented(t, running.mock, 'kirjaswappi', 'login', reply);
  t.ok(reply.closed, 'the server closes the connection');
  await loginsStillWorkOver(t, running);
});

t.test('deeply nested JSON: a documented 4xx from every profile, never a crash or a 5xx', async (t) => {
  // Raised so every body below is parsed: a body limit answer would prove nothing about nesting.
  const mock = mockApp(t, [], { maxBodyBytes: 4 * 1024 * 1024 });
  const depth = 100_000;
  const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = `${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}`;
  const bodies: Record<string, string> = {
    'nested arrays': arrays,
    'nested objects': objects,
    // In a field: schemas that check the field's type stop it; one that did not would hand it to code
    // that stringifies it (an error message), and String() of a deep array overflows the stack.
    'nested arrays in every field': JSON.stringify({
      username: 0,
      password: 0,
      refreshToken: 0,
      refresh_token: 0,
      token: 0,
      device_code: 0,
    }).replaceAll('0', arrays),
  };
  for (const op of BODY_OPERATIONS) {
    for (const [name, body] of Object.entries(bodies)) {
      const reply = await send(mock, op.method, op.path, body, op.type);
      t.comment(`${name} → ${op.profile} ${op.operation}: ${reply.status}`);
      assertClientError(t, mock, op.profile, op.operation, reply);
      t.notMatch(reply.text, /exceeds the limit/, 'the body was read, not refused for its size');
    }
  }
  await loginsStillWork(t, mock);
});

t.test('invalid UTF-8 in a JSON body', async (t) => {
  const mock = mockApp(t, []);
  const bad = Buffer.from([0xc3, 0x28, 0xff]);
  const outside = Buffer.concat([Buffer.from('{'), bad, Buffer.from('}')]);
  // Bodies are decoded as WHATWG UTF-8 with replacement: bad bytes become U+FFFD. Outside a string that
  // is broken JSON; inside a string it is an unknown user, answered as any wrong credentials are.
  const inside = Buffer.concat([Buffer.from('{"username":"de'), bad, Buffer.from('mo","password":"demo"}')]);
  for (const op of BODY_OPERATIONS.filter((o) => o.type === JSON_TYPE)) {
    const reply = await send(mock, op.method, op.path, outside, op.type);
    assertClientError(t, mock, op.profile, op.operation, reply);
  }
  const expected: Record<string, number> = { vcf: 401, flolive: 401, kirjaswappi: 404 };
  for (const login of LOGINS.filter((l) => l.type === JSON_TYPE)) {
    const reply = await send(mock, login.method, login.path, inside, login.type);
    t.equal(reply.status, expected[login.profile], `${login.profile}: an unknown user, not a 5xx`);
    assertDocumented(t, mock, login.profile, 'login', reply);
  }
  await loginsStillWork(t, mock);
});

t.test('__proto__ and constructor keys pollute nothing; the login goes through', async (t) => {
  const mock = mockApp(t, []);
  const hostile =
    '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "username": "demo", "password": "demo"}';
  for (const login of LOGINS.filter((l) => l.type === JSON_TYPE)) {
    const reply = await send(mock, login.method, login.path, hostile, JSON_TYPE);
    t.equal(reply.status, 200, `${login.profile}: logs in`);
    assertDocumented(t, mock, login.profile, 'login', reply);
  }
  const form = await send(
    mock,
    'POST',
    '/ccstore/v1/login',
    '__proto__[admin]=true&constructor[prototype][x]=1&__proto__=1&grant_type=password&username=demo&password=demo',
    FORM_TYPE,
  );
  t.equal(form.status, 200, 'oracle-commerce: logs in');
  const dreadnode = await send(mock, 'POST', '/api/auth/refresh', hostile, JSON_TYPE);
  assertClientError(t, mock, 'dreadnode', 'refresh', dreadnode);
  const user = await call(mock, 'POST', '/__admin/users', {
    body: '{"__proto__": {"admin": true}, "username": "eve", "password": "pw"}',
    headers: { 'content-type': JSON_TYPE },
  });
  t.equal(user.status, 201, 'the admin API adds the user');
  const probe: Record<string, unknown> = {};
  t.equal(probe.admin, undefined, 'Object.prototype has no admin');
  t.equal(probe.x, undefined, 'Object.prototype has no x');
  t.notOk(Object.hasOwn(Object.prototype, 'admin'));
  t.equal(
    (await send(mock, 'POST', '/api/v1/authenticate', '{"username":"eve","password":"pw"}', JSON_TYPE))
      .status,
    200,
    'the added user logs in',
  );
});

t.test('oversized headers over a raw socket: the profile envelope, not Node bare 431', async (t) => {
  const running = await startMockServer({ port: 0, seed: SEED });
  t.teardown(() => running.close());
  const big = { 'x-big': 'x'.repeat(64 * 1024) };
  const targets: [ProfileId, string, string, string][] = [
    ['vcf', 'login', 'POST', '/v1/tokens'],
    ['oracle-commerce', 'login', 'POST', '/ccstore/v1/login'],
    ['dreadnode', 'device-token', 'POST', '/api/auth/device/token'],
    ['dreadnode', 'refresh', 'POST', '/api/auth/refresh'],
    ['flolive', 'login', 'POST', '/api/v2/auth/token'],
    ['flolive', 'refresh', 'PUT', '/api/v2/auth/token'],
    ['kirjaswappi', 'refresh', 'POST', '/api/v1/authenticate/refresh'],
  ];
  for (const [profile, operation, method, path] of targets) {
    const reply = await rawExchange(running.port, [request(method, path, { ...big, 'content-length': '0' })]);
    t.comment(`${profile} ${operation}: ${reply.status} ${reply.text.slice(0, 100)}`);
    assertClientError(t, running.mock, profile, operation, reply);
    t.match(reply.text, /Request header fields too large/);
    t.equal(reply.headers.get('connection'), 'close');
    t.ok(reply.closed, 'the connection is closed after the answer');
  }
  const nak = await rawExchange(running.port, [request('POST', '/api/v2/auth/token', big)]);
  t.match(nak.json, { errorCode: 'GEN_1003', content: '', pageable: '' }, 'flolive answers a NAK');

  // Another route must not run for a request Node refused: a reset would wipe the sessions.
  await loginsStillWorkOver(t, running);
  const sessions = running.mock.services.sessions.size;
  const admin = await rawExchange(running.port, [request('POST', '/__admin/reset', big)]);
  t.equal(admin.status, 431);
  t.match(admin.json, { error: { code: 'TOKENRIG_HEADERS_TOO_LARGE' } });
  t.equal(running.mock.services.sessions.size, sessions, 'the admin reset did not run');
  const unknown = await rawExchange(running.port, [request('GET', '/nowhere', big)]);
  t.equal(unknown.status, 431, 'a path of no profile: the plain JSON error');
  // The request line came in an earlier packet than the overflow: nothing names the profile.
  const lineFirst = request('POST', '/v1/tokens', {}).slice(0, -2);
  const split = await rawExchange(running.port, [lineFirst, `x-big: ${big['x-big']}\r\n\r\n`], {
    paceMs: 50,
  });
  t.equal(split.status, 431);
  t.match(split.json, { error: { code: 'TOKENRIG_HEADERS_TOO_LARGE' } });
  await loginsStillWorkOver(t, running);
});

t.test('a request Node or the adapter refuses as malformed: the profile envelope', async (t) => {
  const running = await startMockServer({ port: 0, apis: ['vcf', 'kirjaswappi'], seed: SEED });
  t.teardown(() => running.close());
  const body = JSON.stringify(demo);
  const noHost = `POST /v1/tokens HTTP/1.1\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
  const cases: [string, string, ProfileId, string][] = [
    ['HTTP/1.1 without Host', noHost, 'vcf', 'login'],
    [
      'an invalid Host',
      request('POST', '/v1/tokens', { host: 'a b@c', 'content-length': '0' }),
      'vcf',
      'login',
    ],
    [
      'Content-Length with chunked',
      request(
        'POST',
        '/api/v1/authenticate',
        { 'content-length': '5', 'transfer-encoding': 'chunked' },
        '0\r\n\r\n',
      ),
      'kirjaswappi',
      'login',
    ],
    [
      'a broken chunk size',
      request('POST', '/api/v1/authenticate', { 'transfer-encoding': 'chunked' }, 'ZZ\r\nabc\r\n'),
      'kirjaswappi',
      'login',
    ],
  ];
  for (const [name, raw, profile, operation] of cases) {
    const reply = await rawExchange(running.port, [raw]);
    t.comment(`${name}: ${reply.status} ${reply.text.slice(0, 100)}`);
    assertClientError(t, running.mock, profile, operation, reply);
  }
  const garbage = await rawExchange(running.port, ['GARBAGE\r\n\r\n']);
  t.equal(garbage.status, 400);
  t.match(garbage.json, { error: { code: 'TOKENRIG_BAD_REQUEST' } });
  await loginsStillWorkOver(t, running);
});

t.test('slow clients are cut off after headersTimeout; others are served meanwhile', async (t) => {
  const errors: unknown[] = [];
  const running = await startMockServer({
    port: 0,
    apis: ['vcf', 'kirjaswappi'],
    seed: SEED,
    headersTimeoutMs: 400,
    requestTimeoutMs: 800,
    logError: (error) => errors.push(error),
  });
  t.teardown(() => running.close());
  let cutOff = false;
  const slow = rawExchange(running.port, ['POST /v1/tok'], { timeoutMs: 5000 });
  void slow.then(() => {
    cutOff = true;
  });
  // A body that stalls after complete headers: the request is known, so the profile answers.
  const stalled = rawExchange(
    running.port,
    [request('POST', '/v1/tokens', { 'content-type': JSON_TYPE, 'content-length': '100' }, '{"user')],
    { timeoutMs: 5000 },
  );
  await loginsStillWorkOver(t, running);
  t.notOk(cutOff, 'logins are answered while the slow client still holds its connection');

  const half = await slow;
  t.ok(half.closed, 'the server closed the half-sent request');
  t.ok(
    half.elapsedMs >= 350 && half.elapsedMs < 3000,
    `after headersTimeout (${Math.round(half.elapsedMs)} ms)`,
  );
  t.equal(half.status, 408, 'nothing names a profile: the plain 408');
  t.match(half.json, { error: { code: 'TOKENRIG_REQUEST_TIMEOUT', message: 'Request timed out' } });

  const body = await stalled;
  t.ok(body.closed, 'the server closed the stalled body');
  t.ok(
    body.elapsedMs >= 750 && body.elapsedMs < 4000,
    `after requestTimeout (${Math.round(body.elapsedMs)} ms)`,
  );
  assertClientError(t, running.mock, 'vcf', 'login', body);
  t.match(body.json, { message: 'Request timed out' });
  // The stalled request itself ends once its connection is destroyed (after the answer's linger).
  const original = async () => {
    for (let waited = 0; waited < 3000; waited += 50) {
      const entry = running.mock.journal.entries().find((e) => e.requestHeaders['content-length'] === '100');
      if (entry) return entry;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };
  t.match(await original(), { status: 400 }, 'the stalled request is journaled as a client error, not a 500');
  t.same(errors, [], 'a client that gave up is not logged as an error of the mock');
  await loginsStillWorkOver(t, running);
});

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
  t.equal(running.mock.services.sessions.size, count, 'one session per login');
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
  t.ok(sessions.size <= 1000, `sessions capped: ${sessions.size}`);
  t.ok(sessions.refreshTokenCount <= 1000, `refresh tokens capped: ${sessions.refreshTokenCount}`);
  t.ok(mock.journal.entries().length <= mock.journal.capacity, 'the journal keeps its capacity');
  t.equal(mock.journal.total, requests, 'and still counts every request');

  // Past every lifetime, the next login sweeps the expired sessions instead of waiting for the cap.
  clock.advance(3600);
  const after = await send(mock, 'POST', '/v1/tokens', JSON.stringify(demo), JSON_TYPE);
  t.equal(after.status, 200);
  t.equal(sessions.size, 1, 'only the new session is left');
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
