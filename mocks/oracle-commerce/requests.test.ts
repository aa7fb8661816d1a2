import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { bearer, demo, LOGIN, login, PATHS, REFRESH, withToken } from '../../test/helpers/oracle-commerce.js';

// The request shapes Oracle's clients send, and the bearers verify and logout refuse.

t.test("the request shapes Oracle's community clients send are accepted; others are not", async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  const body = new URLSearchParams(demo).toString();
  const logins: [string, string, number][] = [
    ['form', 'application/x-www-form-urlencoded', 200],
    ['form with a charset', 'application/x-www-form-urlencoded; charset=UTF-8', 200],
    ['form, upper case, charset', 'Application/X-WWW-Form-Urlencoded;charset=utf-8', 200],
    ['JSON', 'application/json', 415],
    ['a type that only starts like a form', 'application/x-www-form-urlencoded-extra', 415],
  ];
  for (const [name, type, status] of logins) {
    const reply = await call(mock, 'POST', LOGIN, { body, headers: { 'content-type': type } });
    t.equal(reply.status, status, `login as ${name}`);
    assertDocumented(t, mock, 'oracle-commerce', 'login', reply);
  }

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const refreshes: [string, Parameters<typeof call>[3], number][] = [
    ['no body', {}, 200],
    ['an empty form body', { body: '', headers: form }, 200],
    ['{}', { json: {} }, 200],
    [
      '{} with a charset',
      { body: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } },
      200,
    ],
    ['a form body with fields', { body: 'a=b', headers: form }, 415],
    ['a JSON body that is not an object', { json: ['x'] }, 400],
  ];
  for (const [name, options, status] of refreshes) {
    const token = await login(mock);
    const reply = await call(mock, 'POST', REFRESH, {
      ...options,
      headers: { ...options?.headers, ...bearer(token) },
    });
    t.equal(reply.status, status, `refresh with ${name}`);
    assertDocumented(t, mock, 'oracle-commerce', 'refresh', reply);
    if (status === 200) t.match(reply.json, { access_token: /\S/, token_type: 'bearer', expires_in: 900 });
  }
});

t.test('verify and logout refuse a missing, bad or expired bearer with 401 errorModel', async (t) => {
  const mock = mockApp(t, ['oracle-commerce']);
  for (const op of ['verify', 'logout'] as const) {
    const token = await login(mock);
    const bad: [string, Record<string, string>, RegExp][] = [
      ['no Authorization', {}, /required/],
      ['an empty bearer', { authorization: 'Bearer ' }, /required/],
      ['a garbage bearer', bearer('not-a-valid-token'), /malformed/],
      ['the token plus a character', bearer(`${token}x`), /signature|malformed/],
      ['the token under another scheme', { authorization: `Basic ${token}` }, /required/],
    ];
    for (const [name, headers, message] of bad) {
      const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers });
      t.equal(reply.status, 401, `${op}, ${name}`);
      assertDocumented(t, mock, 'oracle-commerce', op, reply);
      t.match(reply.json, { message, status: '401', errorCode: '20060' }, `${op}, ${name}`);
      t.notMatch(reply.text, token, `${op}, ${name}: the token is not echoed`);
    }
    // Each refusal above left the session alone: the token still works, then expires.
    t.equal((await withToken(t, mock, 'verify', token)).status, 200, `${op}: the good token still works`);
    mock.services.clock.advance(901);
    const expired = await withToken(t, mock, op, token);
    t.equal(expired.status, 401, `${op}, an expired bearer`);
    t.match(expired.json, { message: /expired/, status: '401', errorCode: '20060' });
  }
});
