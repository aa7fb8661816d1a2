// VMware's schemas, behaving as VMware documents them: spot checks a wrong schema would fail.
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

t.test('vcf schemas behave as VMware documents them', async (t) => {
  verdicts(t, 'vcf', 'error.schema.json', [
    ['an empty Error (every field optional)', {}, true],
    [
      'nested errors, recursively',
      { message: 'x', nestedErrors: [{ message: 'y', nestedErrors: [{}] }] },
      true,
    ],
    [
      "9.0.2's label and remediationUrl (vmware/vcf-sdk-go specs/swagger.json)",
      { message: 'm', label: 'Token not found', remediationUrl: 'https://techdocs.broadcom.com/' },
      true,
    ],
    ['a member no VMware version documents (extras are allowed)', { notifications: [] }, true],
    ['a numeric label', { label: 1 }, false],
    ['a remediationUrl that is not a string', { remediationUrl: { href: 'u' } }, false],
    ['a numeric errorCode', { errorCode: 1 }, false],
    ['a nested error of the wrong type', { nestedErrors: ['Error Object'] }, false],
    ['a nested Error with a numeric errorCode (recursion)', { nestedErrors: [{ errorCode: 1 }] }, false],
    [
      'a doubly nested Error with a bad cause',
      { nestedErrors: [{ nestedErrors: [{ causes: [{ type: 2 }] }] }] },
      false,
    ],
    ['non-string context values', { context: { component: 1 } }, false],
    ['arguments that are not strings', { arguments: [1] }, false],
  ]);
  verdicts(t, 'vcf', 'login.request.schema.json', [
    ['username/password', { username: 'u', password: 'p' }, true],
    ['apiKey', { apiKey: 'k' }, true],
    ['idToken, the fourth TokenCreationSpec member', { idToken: 'h.p.s' }, true],
    ['an empty spec (every field optional)', {}, true],
    ['a numeric password', { username: 'u', password: 1 }, false],
    ['an idToken that is not a string', { idToken: { sub: 'demo' } }, false],
  ]);
  verdicts(t, 'vcf', 'login.response.schema.json', [
    [
      'a token pair',
      { accessToken: 'a.b.c', refreshToken: { id: '3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90' } },
      true,
    ],
    ['an empty pair (every field optional)', {}, true],
    ['a refresh token that is a bare string', { refreshToken: 'abc' }, false],
  ]);
  verdicts(t, 'vcf', 'refresh.request.schema.json', [
    ['a JSON string id', '3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90', true],
    ['an object', { id: 'x' }, false],
  ]);
  verdicts(t, 'vcf', 'refresh.response.schema.json', [
    ['a JSON string token', 'a.b.c', true],
    ['an object', { accessToken: 'a.b.c' }, false],
  ]);
  verdicts(t, 'vcf', 'revoke.request.schema.json', [
    ['a JSON string id', 'id', true],
    ['a number', 42, false],
  ]);
});

t.test('vcf: revoke documents 204 only; every operation takes its credentials in the body', async (t) => {
  const openapi = profiles.get('vcf')?.openapi;
  const ops = new Map(operationsOf(openapi ?? {}).map((op) => [op.operationId, op.operation]));
  const responses = ops.get('revoke')?.responses;
  const documented = Object.entries(isObject(responses) ? responses : {}).filter(
    ([, r]) => isObject(r) && r['x-tokenrig-provenance'] === 'documented',
  );
  t.same(
    documented.map(([status]) => status),
    ['204'],
    "VMware's OpenAPI documents no error for revoke: tokenrig's 400 and 404 are assumed",
  );
  const credentials: Record<string, Json> = {
    login: [
      { name: 'password', in: 'body', expires: false },
      { name: 'apiKey', in: 'body', expires: false },
      { name: 'idToken', in: 'body', expires: true },
    ],
    refresh: [{ name: 'refreshTokenId', in: 'body', expires: true }],
    revoke: [{ name: 'refreshTokenId', in: 'body', expires: true }],
  };
  for (const [id, expected] of Object.entries(credentials)) {
    const op = ops.get(id);
    t.same(op?.security, [], `${id}: no security requirement (the credentials travel in the body)`);
    t.same(op?.['x-tokenrig-credentials'], expected, `${id}: x-tokenrig-credentials`);
  }
});
