import t from 'tap';
import { assertEnvelope, CODE, REFRESH, refresh, TOKEN, USER } from '../../test/helpers/dreadnode.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

// Errors in the canonical envelope: every documented status on demand, and bad requests.

t.test('every documented error status on demand, in the canonical envelope with detail', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const messages: Record<number, string> = {
    400: 'Invalid request',
    401: 'Authentication failed',
    403: 'Access forbidden',
    404: 'Not found',
    409: 'Already exists',
    422: 'Validation error',
    426: 'Upgrade required',
    429: 'Rate limited',
    500: 'Internal server error',
    502: 'Bad gateway',
    504: 'Gateway timeout',
  };
  for (const [key, message] of Object.entries(messages)) {
    const status = Number(key);
    const reply = await refresh(t, mock, { json: {}, headers: { prefer: `code=${status}` } });
    t.equal(reply.status, status);
    t.same(reply.json, {
      status,
      message,
      type: (reply.json as { type: string }).type,
      details: null,
      detail: message,
    });
    t.equal(reply.headers.get('cache-control'), 'no-store');
    if (status === 429) t.match(reply.headers.get('retry-after'), /^\d+$/, '429 carries Retry-After');
  }
  for (const [status, type] of [
    [400, 'invalid_device_code'],
    [401, 'authorization_pending'],
    [422, 'validation_error'],
  ] as const) {
    const reply = await call(mock, 'POST', TOKEN, {
      json: { device_code: 'x' },
      headers: { prefer: `code=${status}` },
    });
    assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
    assertEnvelope(t, reply, status, type);
  }
  const code = await call(mock, 'POST', CODE, { headers: { prefer: 'code=200' } });
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);

  const vendorCodes: [string, string, number][] = [
    ['refresh', 'refresh_token_reused', 401],
    ['refresh', 'refresh_token_expired', 401],
    ['refresh', 'not_authenticated', 401],
    ['refresh', 'rate_limited', 429],
    ['refresh', 'upgrade_required', 426],
    ['device-token', 'authorization_pending', 401],
    ['device-token', 'expired_token', 400],
    ['device-token', 'validation_error', 422],
    ['user', 'access_token_expired', 401],
    ['user', 'refresh_token_reused', 401],
  ];
  for (const [operation, type, status] of vendorCodes) {
    const path = operation === 'refresh' ? REFRESH : operation === 'user' ? USER : TOKEN;
    const reply = await call(mock, operation === 'user' ? 'GET' : 'POST', path, {
      ...(operation === 'user' ? {} : { json: { device_code: 'x' } }),
      headers: { prefer: `error=${type}` },
    });
    assertDocumented(t, mock, 'dreadnode', operation, reply);
    assertEnvelope(t, reply, status, type);
  }
  const notAuthenticated = await call(mock, 'GET', USER, { headers: { prefer: 'error=not_authenticated' } });
  t.match(
    notAuthenticated.json,
    { message: /bearer or the access_token cookie/ },
    "the user operation's own",
  );
  const queried = await call(mock, 'POST', `${REFRESH}?__code=504`, { json: {} });
  t.equal(queried.status, 504);
  assertDocumented(t, mock, 'dreadnode', 'refresh', queried);
  const undocumented = await refresh(t, mock, { json: {}, headers: { prefer: 'code=418' } });
  assertEnvelope(t, undocumented, 422, 'tokenrig_invalid_directive');
  t.match(undocumented.json, { message: /418 is not documented/ });
});

t.test('bad requests get a documented status in the envelope, never a crash', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Parameters<typeof call>[3], number, string, unknown][] = [
    [
      'refresh: malformed JSON',
      'refresh',
      REFRESH,
      { body: '{"refresh_token":', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'refresh: wrong content type',
      'refresh',
      REFRESH,
      { body: 'refresh_token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      400,
      'invalid_request',
      null,
    ],
    ['refresh: no content type', 'refresh', REFRESH, { body: '{}' }, 400, 'invalid_request', null],
    [
      'refresh: mistyped token',
      'refresh',
      REFRESH,
      { json: { refresh_token: 5 } },
      422,
      'validation_error',
      [{ loc: ['body', 'refresh_token'] }],
    ],
    [
      'refresh: array body',
      'refresh',
      REFRESH,
      { json: [] },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'type' }],
    ],
    ['refresh: empty body', 'refresh', REFRESH, { body: '', headers: json }, 401, 'not_authenticated', null],
    [
      'refresh: oversized body',
      'refresh',
      REFRESH,
      { json: { refresh_token: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
    [
      'device-token: malformed JSON',
      'device-token',
      TOKEN,
      { body: 'nope', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'device-token: wrong content type',
      'device-token',
      TOKEN,
      { body: 'device_code=x', headers: { 'content-type': 'text/plain' } },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'model_attributes_type' }],
    ],
    [
      'device-token: mistyped field',
      'device-token',
      TOKEN,
      { json: { device_code: 42 } },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'type' }],
    ],
    [
      'device-token: empty body',
      'device-token',
      TOKEN,
      { body: '' },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'required' }],
    ],
    [
      'device-token: oversized body',
      'device-token',
      TOKEN,
      { json: { device_code: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
  ];
  for (const [name, op, path, options, status, type, details] of cases) {
    const reply = await call(mock, 'POST', path, options);
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'dreadnode', op, reply);
    assertEnvelope(t, reply, status, type);
    if (details === null) t.equal((reply.json as { details: unknown }).details, null, `${name}: no details`);
    else t.match((reply.json as { details: unknown }).details, details, `${name}: details`);
  }
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  assertEnvelope(t, wrongMethod, 405, 'method_not_allowed');
  const unknown = await call(mock, 'POST', '/api/auth/elsewhere', { json: {} });
  assertEnvelope(t, unknown, 404, 'not_found');
  t.equal((unknown.json as { details: unknown }).details, null);
});
