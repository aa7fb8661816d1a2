import { PassThrough } from 'node:stream';
import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import {
  classifyClientError,
  createClientErrorHandler,
  type HttpClientError,
  operationMatcher,
  parseRequestLine,
  plainClientError,
  toRawHttp,
} from './client-error.js';

const parseError = (code: string, raw?: string): HttpClientError =>
  Object.assign(new Error('Parse Error'), {
    code,
    ...(raw === undefined ? {} : { rawPacket: Buffer.from(raw) }),
  });

t.test('the request line comes from the packet only when it is complete', async (t) => {
  t.same(parseRequestLine(Buffer.from('PATCH /v1/tokens/access-token/refresh?x=1 HTTP/1.1\r\nHost: a\r\n')), {
    method: 'PATCH',
    target: '/v1/tokens/access-token/refresh?x=1',
  });
  t.same(parseRequestLine(Buffer.from('POST http://mock:4010/api/v2/auth/token HTTP/1.1\r\n')), {
    method: 'POST',
    target: '/api/v2/auth/token',
  });
  t.equal(parseRequestLine(Buffer.from('POST /v1/tok')), undefined, 'half a line');
  t.equal(parseRequestLine(Buffer.from('X-Big: xxxx\r\n')), undefined, 'a later chunk of headers');
  t.equal(parseRequestLine(Buffer.from('OPTIONS * HTTP/1.1\r\n')), undefined);
  t.equal(parseRequestLine(undefined), undefined);
});

t.test('which errors are answered, and as what', async (t) => {
  t.equal(classifyClientError(parseError('HPE_HEADER_OVERFLOW')), 'header-overflow');
  t.equal(classifyClientError(parseError('ERR_HTTP_REQUEST_TIMEOUT')), 'timeout');
  t.equal(classifyClientError(parseError('HPE_INVALID_METHOD')), 'malformed');
  t.equal(classifyClientError(parseError('ECONNRESET')), undefined, 'a connection that is gone');
  const plain = plainClientError('header-overflow');
  t.equal(plain.status, 431);
  t.same(await plain.json(), {
    error: { code: 'TOKENRIG_HEADERS_TOO_LARGE', message: 'Request header fields too large' },
  });
});

t.test('only documented operations are matched, path parameters included', async (t) => {
  const matches = operationMatcher(loadContracts(['vcf', 'flolive']).values());
  t.ok(matches('POST', '/v1/tokens'));
  t.ok(matches('PUT', '/api/v2/auth/token?__code=500'), 'the query is not part of the path');
  t.notOk(matches('GET', '/v1/tokens'), 'wrong method');
  t.notOk(matches('POST', '/v1/tokens/'), 'Hono does not match a trailing slash either');
  t.notOk(matches('POST', '/__admin/reset'));
});

t.test('a Response as raw HTTP/1.1 that closes the connection', async (t) => {
  const raw = await toRawHttp(
    new Response('{"a":"é"}', {
      status: 400,
      headers: { 'content-type': 'application/json', connection: 'keep-alive', 'content-length': '1' },
    }),
  );
  const text = raw.toString('utf8');
  t.match(text, /^HTTP\/1\.1 400 Bad Request\r\n/);
  t.match(text, /\r\nconnection: close\r\n/);
  t.notMatch(text, /keep-alive/, 'the response cannot keep the connection');
  t.match(text, /\r\ncontent-length: 10\r\n\r\n\{"a":"é"\}$/, 'the length counts bytes');
});

/** A socket stand-in: what the handler ends it with can be read back. */
function fakeSocket() {
  const socket = new PassThrough();
  let destroyed = 0;
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error) => {
    destroyed++;
    return destroy(error);
  };
  const written = new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
  return { socket, written, destroyed: () => destroyed };
}

t.test('the handler answers once, closes, and never throws', async (t) => {
  const errors: unknown[] = [];
  const asked: unknown[] = [];
  const handler = createClientErrorHandler({
    respond: async (kind, line) => {
      asked.push({ kind, line });
      return new Response('{}', { status: 400, headers: { 'content-type': 'application/json' } });
    },
    inFlight: new WeakMap(),
    logError: (error) => errors.push(error),
    lingerMs: 10,
  });

  const one = fakeSocket();
  handler(parseError('HPE_HEADER_OVERFLOW', 'POST /v1/tokens HTTP/1.1\r\nX-Big: xx'), one.socket);
  handler(parseError('HPE_HEADER_OVERFLOW', 'xxxxxxxxxxxx'), one.socket);
  t.match(await one.written, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*\r\n\r\n\{\}$/);
  t.same(
    asked,
    [{ kind: 'header-overflow', line: { method: 'POST', target: '/v1/tokens' } }],
    'answered once',
  );

  const gone = fakeSocket();
  gone.socket.end();
  handler(parseError('HPE_INVALID_EOF_STATE'), gone.socket);
  t.equal(gone.destroyed(), 1, 'a socket that cannot be written is destroyed');

  const failing = createClientErrorHandler({
    respond: () => Promise.reject(new Error('boom')),
    inFlight: new WeakMap(),
    logError: (error) => errors.push(error),
  });
  const three = fakeSocket();
  t.doesNotThrow(() => failing(parseError('ERR_HTTP_REQUEST_TIMEOUT'), three.socket));
  await new Promise((r) => setImmediate(r));
  t.equal(three.destroyed(), 1, 'a failed answer closes the connection');
  t.match(errors, [{ message: 'boom' }], 'and is reported');
});
