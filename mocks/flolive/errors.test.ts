import t from 'tap';
import { demo, login, NAK, refresh, TOKEN } from '../../test/helpers/flolive.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

// NAKs: the statuses the settings choose, every documented error on demand, bad requests.

t.test('NAK statuses follow the settings; a NAK with HTTP 200 is documented', async (t) => {
  const mock = mockApp(t, ['flolive'], {
    settings: { 'flolive.nakStatus': '200', 'flolive.malformedStatus': '422' },
  });
  const bad = await login(t, mock, { username: 'demo', password: 'nope' });
  t.equal(bad.status, 200, 'a NAK answered with 200');
  t.match(bad.json, { errorCode: 'AUTH_1001', ...NAK });
  const invalid = await refresh(t, mock, { json: { token: 'x', refreshToken: 'y' } });
  t.equal(invalid.status, 200);
  t.match(invalid.json, { errorCode: 'AUTH_1002', ...NAK });
  const byDirective = await call(mock, 'PUT', TOKEN, { json: {}, headers: { prefer: 'error=AUTH_1002' } });
  t.equal(byDirective.status, 200, 'Prefer: error= follows the configured status');
  assertDocumented(t, mock, 'flolive', 'refresh', byDirective);
  const missing = await refresh(t, mock, { json: { token: 'x' } });
  t.equal(missing.status, 422);
  t.match(missing.json, { errorCode: 'AUTH_1002' });
  const malformed = await refresh(t, mock, { body: '{', headers: { 'content-type': 'application/json' } });
  t.equal(malformed.status, 422);
  t.match(malformed.json, { errorCode: 'GEN_1000' });

  t.throws(() => mockApp(t, ['flolive'], { settings: { 'flolive.nakStatus': '302' } }), {
    name: 'SettingsError',
    message: /nakStatus takes 200 or a status from 400 to 599/,
  });
});

t.test('every documented error status on demand, as a NAK', async (t) => {
  const mock = mockApp(t, ['flolive']);
  const cases: [string, string, number, string][] = [
    ['login', 'POST', 400, 'GEN_1000'],
    ['login', 'POST', 401, 'AUTH_1001'],
    ['login', 'POST', 500, 'GEN_1006'],
    ['login', 'POST', 503, 'GEN_HTTP_503'],
    ['refresh', 'PUT', 400, 'AUTH_1002'],
    ['refresh', 'PUT', 401, 'AUTH_1002'],
    ['refresh', 'PUT', 500, 'GEN_1006'],
    ['refresh', 'PUT', 502, 'GEN_HTTP_502'],
  ];
  for (const [op, method, status, errorCode] of cases) {
    const reply = await call(mock, method, TOKEN, { json: {}, headers: { prefer: `code=${status}` } });
    t.equal(reply.status, status, `${op} ${status}`);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode, errorMessage: String, ...NAK });
    t.equal(reply.headers.get('cache-control'), 'no-store');
  }
  const vendor: [string, string, string, number][] = [
    ['login', 'POST', 'AUTH_1001', 401],
    ['refresh', 'PUT', 'AUTH_1002', 401],
    ['refresh', 'PUT', 'GEN_1000', 400],
  ];
  for (const [op, method, code, status] of vendor) {
    const reply = await call(mock, method, TOKEN, { json: demo, headers: { prefer: `error=${code}` } });
    t.equal(reply.status, status, `error=${code}`);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode: code, ...NAK });
  }
  const ack = await call(mock, 'POST', TOKEN, { json: demo, headers: { prefer: 'code=200' } });
  t.equal(ack.status, 200);
  assertDocumented(t, mock, 'flolive', 'login', ack);
  t.match(ack.json, { errorCode: '', content: [{ token: String }] });
  const byQuery = await call(mock, 'PUT', `${TOKEN}?__code=500`, { json: {} });
  t.equal(byQuery.status, 500);
  assertDocumented(t, mock, 'flolive', 'refresh', byQuery);
  t.match(byQuery.json, { errorCode: 'GEN_1006', errorMessage: 'Internal server error', ...NAK });
  const unknownCode = await call(mock, 'PUT', TOKEN, { json: {}, headers: { prefer: 'error=AUTH_9999' } });
  t.equal(unknownCode.status, 400);
  assertDocumented(t, mock, 'flolive', 'refresh', unknownCode);
  t.match(unknownCode.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE', errorMessage: /AUTH_9999/ });
});

t.test('bad requests get a NAK with the malformed status, never a crash', async (t) => {
  const mock = mockApp(t, ['flolive'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, Parameters<typeof call>[3], string][] = [
    ['login: malformed JSON', 'login', { body: '{"username":', headers: json }, 'GEN_1000'],
    [
      'login: wrong content type',
      'login',
      { body: 'username=demo', headers: { 'content-type': 'text/plain' } },
      'GEN_1001',
    ],
    ['login: no content type', 'login', { body: '{}' }, 'GEN_1001'],
    ['login: missing password', 'login', { json: { username: 'demo' } }, 'GEN_1003'],
    ['login: mistyped username', 'login', { json: { username: 7, password: 'demo' } }, 'GEN_1003'],
    ['login: array body', 'login', { json: [] }, 'GEN_1003'],
    ['login: empty body', 'login', { body: '', headers: json }, 'GEN_1003'],
    ['login: oversized body', 'login', { json: { username: 'x'.repeat(1000), password: 'y' } }, 'GEN_1002'],
    ['refresh: malformed JSON', 'refresh', { body: 'not json', headers: json }, 'GEN_1000'],
    [
      'refresh: wrong content type',
      'refresh',
      { body: '{}', headers: { 'content-type': 'application/xml' } },
      'GEN_1001',
    ],
    ['refresh: missing refreshToken', 'refresh', { json: { token: 'x' } }, 'AUTH_1002'],
    ['refresh: missing token', 'refresh', { json: { refreshToken: 'x' } }, 'AUTH_1002'],
    ['refresh: mistyped refreshToken', 'refresh', { json: { token: 'x', refreshToken: 5 } }, 'AUTH_1002'],
    ['refresh: empty body', 'refresh', { body: '' }, 'AUTH_1002'],
    [
      'refresh: oversized body',
      'refresh',
      { json: { token: 'x'.repeat(1000), refreshToken: 'y' } },
      'GEN_1002',
    ],
  ];
  for (const [name, op, options, errorCode] of cases) {
    const reply = await call(mock, op === 'login' ? 'POST' : 'PUT', TOKEN, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'flolive', op, reply);
    t.match(reply.json, { errorCode, errorMessage: String, ...NAK }, name);
  }
  const wrongMethod = await call(mock, 'DELETE', TOKEN);
  t.equal(wrongMethod.status, 405);
  t.same(wrongMethod.headers.get('allow')?.split(', ').sort(), ['POST', 'PUT']);
  t.match(wrongMethod.json, { errorCode: 'GEN_1005', ...NAK });
  const unknown = await call(mock, 'POST', '/api/v2/auth/elsewhere', { json: {} });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: 'GEN_1004', ...NAK });
});
