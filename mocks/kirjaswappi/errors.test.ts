import t from 'tap';
import { claimsOf, demo, forge, LOGIN, login, REFRESH, refresh } from '../../test/helpers/kirjaswappi.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

// The vendor's errors for credentials and tokens it refuses: its codes, messages and targets.

t.test('login errors: the vendor codes, messages, targets and no details', async (t) => {
  const mock = mockApp(t, ['kirjaswappi']);
  const cases: [string, unknown, number, Record<string, unknown>][] = [
    [
      'missing username',
      { password: 'demo' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'null username',
      { username: null, password: 'demo' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'blank username',
      { username: '  ', password: '' },
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'missing password',
      { username: 'demo' },
      400,
      { code: 'passwordCannotBeBlank', message: 'Please provide password.', target: LOGIN },
    ],
    [
      'blank password',
      { username: 'demo', password: ' ' },
      400,
      { code: 'passwordCannotBeBlank', message: 'Please provide password.', target: LOGIN },
    ],
    [
      'empty object',
      {},
      400,
      { code: 'usernameCannotBeBlank', message: 'Please provide a username.', target: LOGIN },
    ],
    [
      'unknown user',
      { username: 'nobody', password: 'demo' },
      404,
      { code: 'userNotFound', message: 'User nobody does not exist.', target: LOGIN },
    ],
    [
      'wrong password',
      { username: 'demo', password: 'nope' },
      401,
      { code: 'invalidCredentials', message: 'Please provide valid credentials.', target: LOGIN },
    ],
    [
      'a number, bound as its text',
      { username: 5, password: 'demo' },
      404,
      { code: 'userNotFound', message: 'User 5 does not exist.', target: LOGIN },
    ],
    [
      'an object where a string belongs',
      { username: { name: 'demo' }, password: 'demo' },
      400,
      { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' },
    ],
    ['an array body', [], 400, { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' }],
  ];
  for (const [name, body, status, error] of cases) {
    const reply = await call(mock, 'POST', LOGIN, { json: body });
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'kirjaswappi', 'login', reply);
    t.same(reply.json, { error }, `${name}: exactly the vendor's error`);
  }
  const wrong = await call(mock, 'POST', LOGIN, { json: { username: 'demo', password: 'nope' } });
  t.notMatch(wrong.text, 'nope', 'the password is not echoed');
});

t.test('refresh errors: what is not a refresh token, and what cannot be parsed', async (t) => {
  const mock = mockApp(t, ['kirjaswappi', 'vcf']);
  const { jwtToken, refreshToken } = await login(mock);
  const vcf = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const foreign = (vcf.json as { accessToken: string }).accessToken;
  // Signed with the mock's key a week and a second ago: well formed and well signed, but expired.
  const claims = claimsOf(refreshToken);
  const expiredToken = mock.services.jwt.sign({
    ...claims,
    sub: String(claims.sub),
    jti: String(claims.jti),
    iat: Number(claims.iat) - 604_801,
    exp: Number(claims.exp) - 604_801,
  });
  const invalidJwt = (detail: RegExp) => ({
    code: 'invalidJwtToken',
    message: 'Please provide a valid JWT token.',
    target: REFRESH,
    details: [{ code: 'invalidJwtToken', message: detail, target: REFRESH }],
  });
  const cases: [string, unknown, number, Record<string, unknown>][] = [
    [
      'the access token',
      jwtToken,
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    [
      'not a JWT',
      'garbage',
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    [
      'a number, bound as its text',
      42,
      400,
      { code: 'invalidRefreshToken', message: 'Please provide a valid refresh token.', target: REFRESH },
    ],
    ['an expired one', expiredToken, 401, invalidJwt(/^JWT expired \d+ milliseconds ago/)],
    ['a forged signature', forge(refreshToken), 401, invalidJwt(/^JWT signature does not match/)],
    ["another profile's token", foreign, 401, invalidJwt(/^JWT signature does not match/)],
    ['blank', '  ', 400, { code: 'invalidArgument', message: 'Invalid request argument' }],
    ['null', null, 400, { code: 'invalidArgument', message: 'Invalid request argument' }],
    [
      'an object',
      { token: refreshToken },
      400,
      { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' },
    ],
  ];
  for (const [name, token, status, error] of cases) {
    const reply = await refresh(t, mock, token);
    t.equal(reply.status, status, name);
    t.match(reply.json, { error }, name);
    t.same(
      Object.keys((reply.json as { error: object }).error).sort(),
      Object.keys(error).sort(),
      `${name}: no other member`,
    );
    t.notMatch(reply.text, refreshToken, `${name}: the refresh token is not echoed`);
    t.notMatch(reply.text, jwtToken, `${name}: the access token is not echoed`);
  }
  t.equal((await refresh(t, mock, refreshToken)).status, 200, 'the real one still works');
});
