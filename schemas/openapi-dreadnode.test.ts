// Dreadnode's schemas as docs/profiles/dreadnode.md reconstructs them: spot checks a wrong schema would fail.
import t from 'tap';
import {
  isObject,
  type Json,
  operationsOf,
  registeredProfiles,
  verdictsOf,
} from '../test/helpers/openapi.js';

const profiles = registeredProfiles();
const verdicts = verdictsOf(profiles);

t.test('dreadnode schemas behave as docs/profiles/dreadnode.md reconstructs them', async (t) => {
  const org = { id: 'o', name: 'n', key: 'k' };
  verdicts(t, 'dreadnode', 'refresh.response.schema.json', [
    ['access_token + organization only', { access_token: 'a', organization: org }, true],
    [
      'every field',
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600, organization: org },
      true,
    ],
    ['no organization', { access_token: 'a', refresh_token: 'r' }, false],
    ['no access_token', { organization: org }, false],
    ['organization as a string', { access_token: 'a', organization: 'acme' }, false],
    ['expires_in as a string', { access_token: 'a', organization: org, expires_in: '3600' }, false],
  ]);
  verdicts(t, 'dreadnode', 'refresh.request.schema.json', [
    ['a refresh token', { refresh_token: 'r' }, true],
    ['a null refresh token', { refresh_token: null }, true],
    ['an empty body', {}, true],
    ['a numeric refresh token', { refresh_token: 1 }, false],
  ]);
  verdicts(t, 'dreadnode', 'error.schema.json', [
    ['the required fields', { status: 401, message: 'm', type: 't' }, true],
    ['null details', { status: 429, message: 'm', type: 't', details: null }, true],
    [
      'validation details with mixed loc',
      {
        status: 422,
        message: 'm',
        type: 't',
        details: [{ loc: ['body', 0, 'x'], msg: 'm', type: 'missing' }],
      },
      true,
    ],
    ['status as a string', { status: '401', message: 'm', type: 't' }, false],
    ['no type', { status: 401, message: 'm' }, false],
    ['the detail the vendor clients print', { status: 400, message: 'm', type: 't', detail: 'm' }, true],
    [
      'detail as a list (not what the mock sends)',
      { status: 400, message: 'm', type: 't', detail: [] },
      false,
    ],
    [
      'a loc segment that is a boolean',
      { status: 422, message: 'm', type: 't', details: [{ loc: [true] }] },
      false,
    ],
  ]);
  verdicts(t, 'dreadnode', 'device-code.response.schema.json', [
    ['the three required fields', { device_code: 'd', user_code: 'u', verification_url: 'https://x' }, true],
    ['no user_code', { device_code: 'd', verification_url: 'https://x' }, false],
    [
      'completed as a string',
      { device_code: 'd', user_code: 'u', verification_url: 'v', completed: 'no' },
      false,
    ],
  ]);
  verdicts(t, 'dreadnode', 'device-token.request.schema.json', [
    ['a device code', { device_code: 'd' }, true],
    ['no device code', {}, false],
  ]);
  verdicts(t, 'dreadnode', 'device-token.response.schema.json', [
    ['a token pair', { access_token: 'a', refresh_token: 'r' }, true],
    ['no refresh token', { access_token: 'a' }, false],
  ]);
  const user = {
    id: '4c1f0a7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
    email_address: 'demo@example.com',
    username: 'demo',
    api_key: { key: 'k' },
  };
  verdicts(t, 'dreadnode', 'user.response.schema.json', [
    ['the four fields the vendor clients parse', user, true],
    ['no api_key', { id: user.id, email_address: 'demo@example.com', username: 'demo' }, false],
    ['an api_key without key', { ...user, api_key: {} }, false],
    ['an id that is not a UUID', { ...user, id: 'user-42' }, false],
    ['no email_address', { id: user.id, username: 'demo', api_key: { key: 'k' } }, false],
  ]);
});

t.test('dreadnode: the security and credentials of each operation', async (t) => {
  const openapi = profiles.get('dreadnode')?.openapi ?? {};
  const ops = new Map(operationsOf(openapi).map((op) => [op.operationId, op.operation]));
  const expected: Record<string, [Json, Json]> = {
    'device-code': [[], []],
    'device-token': [[], [{ name: 'deviceCode', in: 'body', expires: true }]],
    // The body may carry the refresh token instead of the cookie: an empty requirement is the alternative.
    refresh: [
      [{ refreshTokenCookie: [] }, {}],
      [
        { name: 'refreshTokenCookie', in: 'cookie', expires: true },
        { name: 'refreshTokenBody', in: 'body', expires: true },
      ],
    ],
    // A refresh_token cookie alone authenticates too: the server refreshes through it.
    user: [
      [{ bearer: [] }, { accessTokenCookie: [] }, { refreshTokenCookie: [] }],
      [
        { name: 'bearer', in: 'bearer', expires: true },
        { name: 'accessTokenCookie', in: 'cookie', expires: true },
        { name: 'refreshTokenCookie', in: 'cookie', expires: true },
      ],
    ],
  };
  t.same([...ops.keys()].sort(), Object.keys(expected).sort());
  for (const [id, [security, credentials]] of Object.entries(expected)) {
    t.same(ops.get(id)?.security, security, `${id}: security`);
    t.same(ops.get(id)?.['x-tokenrig-credentials'], credentials, `${id}: x-tokenrig-credentials`);
  }
  const components = isObject(openapi.components) ? openapi.components : {};
  t.match(components.securitySchemes, {
    bearer: { type: 'http', scheme: 'bearer' },
    accessTokenCookie: { type: 'apiKey', in: 'cookie', name: 'access_token' },
    refreshTokenCookie: { type: 'apiKey', in: 'cookie', name: 'refresh_token' },
  });
});
