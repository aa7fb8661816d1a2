import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import {
  bearer,
  demo,
  LOGIN,
  LOGOUT,
  login,
  PATHS,
  REFRESH,
  VERIFY,
} from '../../test/helpers/oracle-commerce.js';

// Oracle's error formats: every error, the mock's own and those on demand, in its errorModel.

t.test("errors come in Oracle's two formats and carry nothing Oracle's examples do not", async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  // One problem: Oracle's standard format {message, status, errorCode}, in that order.
  const cases: [string, Record<string, string>, number, string, RegExp][] = [
    ['wrong password', { ...demo, password: 'nope' }, 401, '20300', /Invalid login credentials/],
    ['unknown user', { ...demo, username: 'nobody' }, 401, '20300', /Invalid login credentials/],
    ['other grant type', { ...demo, grant_type: 'client_credentials' }, 400, '28104', /client_credentials/],
    ['missing grant_type', { username: 'demo', password: 'demo' }, 400, '28103', /^grant_type is required/],
    ['missing username', { grant_type: 'password', password: 'demo' }, 400, '28103', /^username is/],
    ['empty password', { ...demo, password: '' }, 400, '28103', /^password is required/],
  ];
  for (const [name, form, status, errorCode, message] of cases) {
    const reply = await call(mock, 'POST', LOGIN, { form });
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
    t.same(
      Object.keys(reply.json as object),
      ['message', 'status', 'errorCode'],
      `${name}: the standard format`,
    );
    t.match(reply.json, { message, status: String(status), errorCode }, name);
  }

  // Several problems: the multiple-error format, whose top level has no errorCode.
  for (const [name, form, fields] of [
    ['empty form', {}, ['grant_type', 'username', 'password']],
    ['grant type only', { grant_type: 'password' }, ['username', 'password']],
  ] as const) {
    const reply = await call(mock, 'POST', LOGIN, { form });
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
    t.same(
      Object.keys(reply.json as object),
      ['message', 'errors', 'status'],
      `${name}: the multiple-error format`,
    );
    t.same(
      reply.json,
      {
        message: `The request is missing required parameters: ${fields.join(', ')}.`,
        errors: fields.map((f) => ({ message: `${f} is required.`, status: '400', errorCode: '28103' })),
        status: '400',
      },
      name,
    );
  }

  // Every other error too, including the mock's own (404, 405, a 5xx on demand).
  const others = [
    await call(mock, 'POST', REFRESH),
    await call(mock, 'POST', VERIFY, { headers: bearer('x') }),
    await call(mock, 'GET', LOGOUT),
    await call(mock, 'POST', '/ccstore/v1/elsewhere'),
    await call(mock, 'POST', LOGIN, { headers: { prefer: 'code=503' } }),
  ];
  for (const reply of others) {
    t.same(
      Object.keys(reply.json as object),
      ['message', 'status', 'errorCode'],
      `${reply.status}: standard format`,
    );
    t.equal(
      (reply.json as { status: unknown }).status,
      String(reply.status),
      `${reply.status}: status as a string`,
    );
  }
});

t.test('bad requests get a documented 4xx in the errorModel, never a crash', async (t) => {
  const mock = mockApp(t, ['oracle-commerce'], { maxBodyBytes: 256 });
  const token = await login(mock);
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, Parameters<typeof call>[3], number, string][] = [
    ['login as JSON', 'login', { json: demo }, 415, '82005'],
    ['login without content type', 'login', { body: 'grant_type=password' }, 415, '82005'],
    ['login as text', 'login', { body: 'x', headers: { 'content-type': 'text/plain' } }, 415, '82005'],
    ['login, oversized', 'login', { form: { ...demo, username: 'x'.repeat(1000) } }, 413, '82006'],
    [
      'refresh, malformed JSON',
      'refresh',
      { body: '{"a":', headers: { ...json, ...bearer(token) } },
      400,
      '82003',
    ],
    [
      'refresh, wrong content type',
      'refresh',
      { body: '{}', headers: { 'content-type': 'text/plain', ...bearer(token) } },
      415,
      '82005',
    ],
    ['refresh, array body', 'refresh', { json: [], headers: bearer(token) }, 400, '82002'],
    ['refresh, string body', 'refresh', { json: 'x', headers: bearer(token) }, 400, '82002'],
    [
      'refresh, oversized',
      'refresh',
      { json: { pad: 'x'.repeat(1000) }, headers: bearer(token) },
      413,
      '82006',
    ],
    ['refresh, no bearer', 'refresh', {}, 401, '20060'],
    ['refresh, garbage bearer', 'refresh', { headers: bearer('not-a-token') }, 401, '20060'],
    ['refresh, Basic scheme', 'refresh', { headers: { authorization: `Basic ${token}` } }, 401, '20060'],
    ['verify, forged signature', 'verify', { headers: bearer(`${token.slice(0, -4)}AAAA`) }, 401, '20060'],
    ['logout, no bearer', 'logout', {}, 401, '20060'],
  ];
  for (const [name, op, options, status, errorCode] of cases) {
    const reply = await call(mock, 'POST', PATHS[op] ?? '', options);
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'oracle-commerce', op, reply);
    t.match(reply.json, { errorCode, status: String(status) }, name);
    t.notMatch(reply.text, token, `${name}: the token is not echoed`);
  }
  const missing = await call(mock, 'POST', REFRESH);
  t.equal(missing.headers.get('www-authenticate'), 'Bearer realm="storefrontUI"');
  const invalid = await call(mock, 'POST', REFRESH, { headers: bearer('x') });
  t.match(invalid.headers.get('www-authenticate'), /error="invalid_token"/);
  t.equal(invalid.headers.get('cache-control'), 'no-store');
});

t.test('any error status on demand, in the errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  // `default` documents every 4xx and 5xx of every operation.
  const expected: Readonly<Record<string, Readonly<Record<number, string>>>> = {
    login: { 400: '28103', 401: '20300' },
    refresh: { 400: '82002', 401: '20060' },
    verify: { 400: '82002', 401: '20060' },
    logout: { 400: '82002', 401: '20060' },
  };
  for (const op of Object.keys(PATHS)) {
    for (const status of [400, 401, 403, 404, 413, 429, 500, 503]) {
      const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: { prefer: `code=${status}` } });
      t.equal(reply.status, status, `${op} ${status}`);
      assertDocumented(t, mock, 'oracle-commerce', op, reply);
      t.match(reply.json, { status: String(status), message: /\S/ });
      const code = expected[op]?.[status];
      if (code) t.match(reply.json, { errorCode: code }, `${op} ${status} answers ${code}`);
    }
  }
  const tooMany = await call(mock, 'POST', VERIFY, { headers: { prefer: 'code=429' } });
  t.match(tooMany.headers.get('retry-after'), /^\d+$/);
  const byQuery = await call(mock, 'POST', `${REFRESH}?__code=503`);
  t.equal(byQuery.status, 503);
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', byQuery);
  for (const [op, errorCode, status] of [
    ['login', '20300', 401],
    ['verify', '20060', 401],
    ['login', '82006', 413],
    ['logout', '10000', 500],
  ] as const) {
    const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: { prefer: `error=${errorCode}` } });
    t.equal(reply.status, status, `error=${errorCode}`);
    assertDocumented(t, mock, 'oracle-commerce', op, reply);
    t.match(reply.json, { errorCode });
  }
  const unknown = await call(mock, 'POST', REFRESH, { headers: { prefer: 'error=99999' } });
  t.equal(unknown.status, 400);
  t.match(unknown.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE' });
});

t.test('wrong method and unknown paths answer in the errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  // 405 falls under refresh's documented `default` response.
  assertDocumented(t, mock, 'oracle-commerce', 'refresh', wrongMethod);
  t.same(wrongMethod.json, {
    message: `Method not allowed; ${REFRESH} accepts POST`,
    status: '405',
    errorCode: '82405',
  });
  const unknown = await call(mock, 'POST', '/ccstore/v1/elsewhere');
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: '82404', status: '404', message: /elsewhere/ });
});
