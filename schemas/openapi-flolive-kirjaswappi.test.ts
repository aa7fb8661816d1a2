// floLIVE's and KirjaSwappi's schemas, as each vendor documents them: spot checks a wrong schema would fail.
import t, { type Test } from 'tap';
import { type Json, operationsOf, registeredProfiles, verdictsOf } from '../test/helpers/openapi.js';

const profiles = registeredProfiles();
const verdicts = verdictsOf(profiles);

t.test('flolive schemas behave as floLIVE documents them', async (t) => {
  const pageable = { page: 0, size: 10, totalPages: 1, totalElements: 1 };
  const item = { token: 't', refreshToken: 'r', validityTime: 3600 };
  verdicts(t, 'flolive', 'refresh.response.schema.json', [
    ["the seed's Success ACK", { errorCode: '', errorMessage: '', content: [item], pageable }, true],
    ['an envelope without optional fields', { content: [item] }, true],
    [
      'a content item without refreshToken',
      { content: [{ token: 't', validityTime: 3600 }], pageable },
      false,
    ],
    ['validityTime as a string', { content: [{ ...item, validityTime: '3600' }] }, false],
    [
      'pageable without totalElements',
      { content: [item], pageable: { page: 0, size: 10, totalPages: 1 } },
      false,
    ],
    ['content as a single object', { content: item }, false],
  ]);
  verdicts(t, 'flolive', 'login.response.schema.json', [
    [
      'an ACK with customerId',
      { content: [{ ...item, customerId: '9b2f6c1e-3d4a-4b5c-8e7f-0a1b2c3d4e5f' }] },
      true,
    ],
    ['an ACK without customerId', { content: [item], pageable }, true],
    ['a customerId that is not a UUID', { content: [{ ...item, customerId: 'cust-1' }] }, false],
    ['a content item without token', { content: [{ refreshToken: 'r', validityTime: 3600 }] }, false],
  ]);
  verdicts(t, 'flolive', 'error.schema.json', [
    [
      "the seed's NAK fields",
      { errorCode: 'AUTH_1002', errorMessage: 'Invalid token', content: '', pageable: '' },
      true,
    ],
    ['empty content as null/[]/{}', { errorCode: 'AUTH_1001', content: null, pageable: {} }, true],
    ['empty content as []', { errorCode: 'AUTH_1001', content: [], pageable: null }, true],
    ['a NAK with nothing but a code', { errorCode: 'AUTH_1002' }, true],
    ['a numeric errorCode', { errorCode: 1002 }, false],
    ['non-empty content', { errorCode: 'AUTH_1002', content: [{ token: 't' }] }, false],
    ['a non-empty content string', { errorCode: 'AUTH_1002', content: 'x' }, false],
  ]);
  verdicts(t, 'flolive', 'refresh.request.schema.json', [
    ['token + refreshToken', { token: 't', refreshToken: 'r' }, true],
    ['no token', { refreshToken: 'r' }, false],
    ['no refreshToken', { token: 't' }, false],
  ]);
  verdicts(t, 'flolive', 'login.request.schema.json', [
    ['username + password', { username: 'u', password: 'p' }, true],
    ['no password', { username: 'u' }, false],
  ]);
});

t.test('kirjaswappi schemas behave as KirjaSwappi documents them', async (t) => {
  verdicts(t, 'kirjaswappi', 'refresh.response.schema.json', [
    ['{jwtToken}', { jwtToken: 'a.b.c' }, true],
    ['no jwtToken', {}, false],
    ['a numeric jwtToken', { jwtToken: 1 }, false],
  ]);
  verdicts(t, 'kirjaswappi', 'refresh.request.schema.json', [
    ['{refreshToken}', { refreshToken: 'r' }, true],
    ['no refreshToken', {}, false],
  ]);
  verdicts(t, 'kirjaswappi', 'login.response.schema.json', [
    ['{jwtToken, refreshToken}', { jwtToken: 'a', refreshToken: 'r' }, true],
    ['no refreshToken', { jwtToken: 'a' }, false],
  ]);
  verdicts(t, 'kirjaswappi', 'error.schema.json', [
    ['an empty envelope (nothing required)', {}, true],
    ['an empty error', { error: {} }, true],
    [
      'a full error',
      {
        error: { code: 'c', message: 'm', target: '/p', details: [{ code: 'c', message: 'm', target: 't' }] },
      },
      true,
    ],
    ['error as a string', { error: 'invalidRefreshToken' }, false],
    ['a numeric code', { error: { code: 400 } }, false],
    ['details that is not an array', { error: { details: {} } }, false],
    [
      "a handler's error without target or details (GlobalExceptionHandler)",
      { error: { code: 'invalidJsonPayload', message: 'Request body contains invalid JSON' } },
      true,
    ],
    [
      "Spring's default error body (the malformed-token-500 quirk)",
      { timestamp: '2026-01-01T00:00:00.000+00:00', status: 500, error: 'Internal Server Error', path: '/p' },
      false,
    ],
  ]);
});

/** The security and credentials of each operation of a profile whose credentials all travel in the body. */
function bodyCredentials(t: Test, profileId: string, expected: Record<string, Json>): void {
  const ops = new Map(operationsOf(profiles.get(profileId)?.openapi ?? {}).map((op) => [op.operationId, op]));
  t.same([...ops.keys()].sort(), Object.keys(expected).sort(), `${profileId}: the operations`);
  for (const [id, credentials] of Object.entries(expected)) {
    const op = ops.get(id)?.operation;
    t.same(op?.security, [], `${profileId} ${id}: no security requirement (the credentials are in the body)`);
    t.same(op?.['x-tokenrig-credentials'], credentials, `${profileId} ${id}: x-tokenrig-credentials`);
  }
}

t.test('flolive and kirjaswappi: every operation takes its credentials in the body', async (t) => {
  bodyCredentials(t, 'flolive', {
    login: [{ name: 'password', in: 'body', expires: false }],
    refresh: [
      { name: 'token', in: 'body', expires: true },
      { name: 'refreshToken', in: 'body', expires: true },
    ],
  });
  bodyCredentials(t, 'kirjaswappi', {
    login: [{ name: 'password', in: 'body', expires: false }],
    refresh: [{ name: 'refreshToken', in: 'body', expires: true }],
  });
});
