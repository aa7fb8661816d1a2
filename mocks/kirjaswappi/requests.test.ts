import t from 'tap';
import { responseFor } from '../../schemas/load.js';
import { demo, json, LOGIN, login, REFRESH } from '../../test/helpers/kirjaswappi.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

// Requests the handlers never see as valid, error statuses on demand, wrong methods and paths.

t.test('bad requests get a documented 400 in the envelope, never a crash', async (t) => {
  // Room for a refresh token (about 300 bytes), not for the oversized bodies below.
  const mock = mockApp(t, ['kirjaswappi'], { maxBodyBytes: 1024 });
  const { refreshToken } = await login(mock);
  const unreadable = { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' };
  const cases: [string, string, Parameters<typeof call>[3], Record<string, unknown>][] = [
    ['login, malformed JSON', LOGIN, { body: '{"username":', headers: json }, unreadable],
    ['login, empty body', LOGIN, { body: '', headers: json }, unreadable],
    ['login, null body', LOGIN, { body: 'null', headers: json }, unreadable],
    ['login, form body', LOGIN, { form: demo }, { code: 'unsupportedContentType' }],
    ['login, no content type', LOGIN, { body: '{}' }, { code: 'unsupportedContentType' }],
    [
      'login, oversized',
      LOGIN,
      { json: { username: 'x'.repeat(5000), password: 'y' } },
      { code: 'payloadTooLarge' },
    ],
    [
      'refresh, malformed JSON',
      REFRESH,
      { body: `{"refreshToken": ${refreshToken}}`, headers: json },
      unreadable,
    ],
    ['refresh, empty body', REFRESH, { body: '', headers: json }, unreadable],
    [
      'refresh, missing field',
      REFRESH,
      { json: {} },
      { code: 'invalidArgument', message: 'Invalid request argument' },
    ],
    ['refresh, string body', REFRESH, { json: refreshToken }, unreadable],
    [
      'refresh, text/plain',
      REFRESH,
      { body: JSON.stringify({ refreshToken }), headers: { 'content-type': 'text/plain' } },
      { code: 'unsupportedContentType' },
    ],
    [
      'refresh, oversized',
      REFRESH,
      { json: { refreshToken: 'x'.repeat(5000) } },
      { code: 'payloadTooLarge' },
    ],
  ];
  for (const [name, path, options, error] of cases) {
    const reply = await call(mock, 'POST', path, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'kirjaswappi', path === LOGIN ? 'login' : 'refresh', reply);
    t.match(reply.json, { error }, name);
    const members = Object.keys((reply.json as { error: object }).error);
    t.same(members, ['code', 'message'], `${name}: a handler's error, no target and no details`);
    t.notMatch(reply.text, refreshToken, `${name}: the token is not echoed`);
  }
});

t.test('every documented error status on demand, in the KirjaSwappi envelope', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const cases: [string, string, Record<number, string>][] = [
    ['login', LOGIN, { 400: 'usernameCannotBeBlank', 401: 'invalidCredentials', 404: 'userNotFound' }],
    [
      'refresh',
      REFRESH,
      { 400: 'invalidRefreshToken', 401: 'invalidJwtToken', 404: 'userNotFound', 500: 'internalServerError' },
    ],
  ];
  for (const [op, path, codes] of cases) {
    for (const [status, code] of Object.entries(codes)) {
      const reply = await call(mock, 'POST', path, { json: {}, headers: { prefer: `code=${status}` } });
      t.equal(reply.status, Number(status), `${op} ${status}`);
      assertDocumented(t, mock, 'kirjaswappi', op, reply);
      const target = code === 'internalServerError' ? {} : { target: path };
      t.match(reply.json, { error: { code, message: String, ...target } }, `${op} ${status} answers ${code}`);
    }
  }
  const byQuery = await call(mock, 'POST', `${REFRESH}?__code=500`, { json: {} });
  t.equal(byQuery.status, 500);
  assertDocumented(t, mock, 'kirjaswappi', 'refresh', byQuery);
  t.same(byQuery.json, {
    error: { code: 'internalServerError', message: 'An unexpected error occurred. Please try again later.' },
  });
  for (const [op, path, code, status] of [
    ['refresh', REFRESH, 'invalidRefreshToken', 400],
    ['login', LOGIN, 'passwordCannotBeBlank', 400],
    ['login', LOGIN, 'userNotFound', 404],
    ['refresh', REFRESH, 'invalidJwtToken', 401],
  ] as const) {
    const reply = await call(mock, 'POST', path, { json: {}, headers: { prefer: `error=${code}` } });
    t.equal(reply.status, status, `error=${code}`);
    assertDocumented(t, mock, 'kirjaswappi', op, reply);
    t.match(reply.json, { error: { code } });
  }
  const undocumented = await call(mock, 'POST', LOGIN, { json: {}, headers: { prefer: 'code=500' } });
  t.equal(undocumented.status, 400, 'login documents no 500: refused, in the envelope');
  assertDocumented(t, mock, 'kirjaswappi', 'login', undocumented);
  t.match(undocumented.json, {
    error: { code: 'TOKENRIG_INVALID_DIRECTIVE', message: /500 is not documented/ },
  });
});

t.test('wrong method and unknown paths answer in the envelope', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const refreshOp = mock.contracts.get('kirjaswappi')?.operations.get('refresh');
  const errorSchema = refreshOp && responseFor(refreshOp, 400)?.validate;
  if (!errorSchema) throw new Error('no error schema in the kirjaswappi contract');
  for (const path of [LOGIN, REFRESH]) {
    const reply = await call(mock, 'GET', path);
    t.equal(reply.status, 405, `GET ${path}`);
    t.equal(reply.headers.get('allow'), 'POST');
    t.ok(errorSchema(reply.json), 'the body is a KirjaSwappi ErrorResponse');
    t.match(reply.json, { error: { code: 'methodNotAllowed' } });
  }
  const unknown = await call(mock, 'POST', `${LOGIN}/elsewhere`, { json: {} });
  t.equal(unknown.status, 404);
  t.ok(errorSchema(unknown.json), 'the body is a KirjaSwappi ErrorResponse');
  t.match(unknown.json, { error: { code: 'pathNotFound', target: `${LOGIN}/elsewhere` } });
});
