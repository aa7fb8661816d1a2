import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { jws, LOGIN, logIn, pairOf, part, REFRESH } from '../../test/helpers/vcf.js';

// A login with an identity provider's idToken (id-token.ts).

t.test('login with an idToken: a signed compact JWS naming a known user, nothing else', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const now = Math.floor(mock.services.clock.now() / 1000);
  const good = await call(mock, 'POST', LOGIN, { json: { idToken: jws({ sub: 'demo', exp: now + 60 }) } });
  t.equal(good.status, 200, 'a JWS whose sub is a user logs in');
  assertDocumented(t, mock, 'vcf', 'login', good);
  const { accessToken, refreshToken } = pairOf(good);
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  t.match(claims, { sub: 'demo', iss: 'vcf-auth' }, "the session is the named user's");
  t.equal((await call(mock, 'PATCH', REFRESH, { json: refreshToken.id })).status, 200, 'and refreshes');
  t.equal(
    (await call(mock, 'POST', LOGIN, { json: { idToken: jws({ sub: 'demo' }) } })).status,
    200,
    'exp is optional',
  );

  const refused: [string, string][] = [
    ['an unknown sub', jws({ sub: 'nobody' })],
    ['no sub', jws({ name: 'demo' })],
    ['an empty sub', jws({ sub: '' })],
    ['a numeric sub', jws({ sub: 7 })],
    ['garbage', 'not-a-token'],
    ['an empty string', ''],
    ['two parts', `${part({ alg: 'RS256' })}.${part({ sub: 'demo' })}`],
    ['four parts', `${jws({ sub: 'demo' })}.x`],
    ['alg none with an empty signature', jws({ sub: 'demo' }, { alg: 'none' }, '')],
    ['alg none with a signature', jws({ sub: 'demo' }, { alg: 'none' })],
    ['alg NONE', jws({ sub: 'demo' }, { alg: 'NONE' })],
    ['an empty signature', jws({ sub: 'demo' }, { alg: 'RS256' }, '')],
    ['a header without alg', jws({ sub: 'demo' }, { typ: 'JWT' })],
    ['a header that is not JSON', `bm90LWpzb24.${part({ sub: 'demo' })}.c2ln`],
    ['a payload that is an array', `${part({ alg: 'RS256' })}.${part(['demo'])}.c2ln`],
    ['standard base64 instead of base64url', `${part({ alg: 'RS256' })}.${part({ sub: 'demo' })}.c2ln+/w==`],
    ['an expired token', jws({ sub: 'demo', exp: now - 1 })],
    ['an exp that is not a number', jws({ sub: 'demo', exp: 'tomorrow' })],
    ['a token not valid yet', jws({ sub: 'demo', nbf: now + 60 })],
  ];
  for (const [name, idToken] of refused) {
    const reply = await call(mock, 'POST', LOGIN, { json: { idToken } });
    t.equal(reply.status, 401, `${name} → 401`);
    assertDocumented(t, mock, 'vcf', 'login', reply);
    t.match(reply.json, { errorCode: 'VCF_AUTHENTICATION_FAILED', message: /^Authentication failed/ });
    t.notMatch(reply.text, idToken === '' ? /^$/ : idToken, 'the token is not echoed');
  }
  const mistyped = await call(mock, 'POST', LOGIN, { json: { idToken: { sub: 'demo' } } });
  t.equal(mistyped.status, 400, 'an idToken that is not a string is a bad request');
  assertDocumented(t, mock, 'vcf', 'login', mistyped);
});

t.test('an idToken expires with the mock clock, like any JWT', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const now = Math.floor(mock.services.clock.now() / 1000);
  const idToken = jws({ sub: 'demo', exp: now + 3600 });
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken } })).status, 200);
  mock.services.clock.advance(3600);
  const expired = await call(mock, 'POST', LOGIN, { json: { idToken } });
  t.equal(expired.status, 401);
  t.match(expired.json, { message: /expired/ });
  // The suite's expired-idToken case uses the mock's own access token as the identity token.
  const login = await logIn(mock);
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken: login.accessToken } })).status, 200);
  mock.services.clock.advance(3600);
  t.equal((await call(mock, 'POST', LOGIN, { json: { idToken: login.accessToken } })).status, 401);
});
