import t from 'tap';
import type { ProfileId } from '../schemas/load.js';
import { assertClientError, demo, JSON_TYPE, loginsStillWorkOver } from '../test/helpers/hardening.js';
import { SEED } from '../test/helpers/mock.js';
import { rawExchange, request } from '../test/helpers/raw-http.js';
import { startMockServer } from './server.js';

// Hostile connections: what Node refuses or cuts off still answers in the profile's envelope.

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
  const sessions = await running.mock.services.sessions.size();
  const admin = await rawExchange(running.port, [request('POST', '/__admin/reset', big)]);
  t.equal(admin.status, 431);
  t.match(admin.json, { error: { code: 'TOKENRIG_HEADERS_TOO_LARGE' } });
  t.equal(await running.mock.services.sessions.size(), sessions, 'the admin reset did not run');
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
