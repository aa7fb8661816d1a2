import t from 'tap';
import {
  assertClientError,
  BODY_OPERATIONS,
  FORM_TYPE,
  JSON_TYPE,
  LOGINS,
  loginsStillWork,
  loginsStillWorkOver,
  send,
} from '../test/helpers/hardening.js';
import { assertDocumented, call, mockApp, SEED } from '../test/helpers/mock.js';
import { rawExchange, request } from '../test/helpers/raw-http.js';
import { startMockServer } from './server.js';

// Hostile request bodies: each gets the profile's own 4xx, and the mock keeps serving.

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
