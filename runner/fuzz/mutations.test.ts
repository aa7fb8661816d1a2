import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import type { HttpRequest } from '../http.js';
import { forgedJwt, isAcceptance, mutationsFor } from './mutations.js';

const contracts = loadContracts(['flolive', 'oracle-commerce', 'vcf', 'dreadnode']);
const key = Buffer.alloc(32, 1);
const op = (profile: 'flolive' | 'oracle-commerce' | 'vcf' | 'dreadnode', id: string) => {
  const found = contracts.get(profile)?.operations.get(id);
  if (!found) throw new Error(`${profile} ${id} missing`);
  return found;
};
const jwt = forgedJwt('x', { sub: 'demo', exp: 4_000_000_000 }, Buffer.alloc(32, 9));

t.test('flolive refresh: what the schema documents is demanded, what it allows is only survived', (t) => {
  const base: HttpRequest = {
    method: 'PUT',
    url: 'http://t/api/v2/auth/token',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: jwt, refreshToken: jwt }),
  };
  const byId = new Map(mutationsFor(op('flolive', 'refresh'), base, key).map((m) => [m.id, m]));
  for (const id of [
    'missing:token',
    'missing:refreshToken',
    'type:token:number',
    'type:refreshToken:null',
    'body:not-json',
    'body:array',
    'jwt-expired:refreshToken',
    'jwt-bad-signature:token',
    'swapped:token:refreshToken',
  ]) {
    t.equal(byId.get(id)?.expect, 'reject', id);
  }
  for (const id of [
    'extra-property',
    'string:token:empty',
    'string:refreshToken:string-false',
    'content-type:text-plain',
    'query:junk',
  ]) {
    t.equal(byId.get(id)?.expect, 'survive', id);
  }
  t.notOk(byId.has('type:token:string'), 'a string is never a wrong type for a string');

  const missing = byId.get('missing:token')?.apply(base);
  t.same(JSON.parse(missing?.body ?? ''), { refreshToken: jwt });
  const expired = JSON.parse(byId.get('jwt-expired:refreshToken')?.apply(base).body ?? '') as {
    refreshToken: string;
  };
  const claims = JSON.parse(Buffer.from(expired.refreshToken.split('.')[1] ?? '', 'base64url').toString());
  t.match(claims, { sub: 'demo', exp: 1_000_000_000 }, 'the original claims are kept, exp is in the past');
  t.not(expired.refreshToken.split('.')[2], jwt.split('.')[2], 're-signed');
  t.end();
});

t.test('optional bodies and optional tokens are never demanded', (t) => {
  const oracle = mutationsFor(
    op('oracle-commerce', 'refresh'),
    {
      method: 'POST',
      url: 'http://t/ccstore/v1/refresh',
      headers: { authorization: `Bearer ${jwt}` },
      body: '{}',
    },
    key,
  );
  const ids = new Map(oracle.map((m) => [m.id, m.expect]));
  t.equal(ids.get('body:not-json'), 'survive', 'the refresh body is optional: a server may ignore it');
  for (const id of ['bearer:missing', 'bearer:expired', 'bearer:bad-signature', 'bearer:garbage'])
    t.equal(ids.get(id), 'reject', id);

  const dread = mutationsFor(
    op('dreadnode', 'refresh'),
    {
      method: 'POST',
      url: 'http://t/api/auth/refresh',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: jwt }),
    },
    key,
  );
  const d = new Map(dread.map((m) => [m.id, m.expect]));
  t.equal(d.get('moved:refresh_token:cookie'), 'survive', 'the cookie is a documented place');
  t.equal(d.get('type:refresh_token:null'), undefined, 'null is documented for refresh_token');
  t.equal(d.get('type:refresh_token:number'), 'reject');

  const vcf = new Map(
    mutationsFor(
      op('vcf', 'refresh'),
      {
        method: 'PATCH',
        url: 'http://t/x',
        headers: { 'content-type': 'application/json' },
        body: '"3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90"',
      },
      key,
    ).map((m) => [m.id, m.expect]),
  );
  t.equal(vcf.get('type:body:object'), 'reject');
  t.equal(vcf.get('string:body:emoji'), 'survive');
  t.end();
});

t.test('isAcceptance: a NAK is not an acceptance, whatever its status', (t) => {
  t.equal(isAcceptance(200, { jwtToken: 'x' }), true);
  t.equal(isAcceptance(200, { errorCode: 'AUTH_1002', content: '' }), false);
  t.equal(isAcceptance(200, { errorCode: '', content: [{}] }), true);
  t.equal(isAcceptance(401, {}), false);
  t.equal(isAcceptance(302, undefined), false);
  t.end();
});

t.test('a GET gets no body: nothing to send, and fetch would refuse it', (t) => {
  const base: HttpRequest = {
    method: 'GET',
    url: 'http://t/api/user',
    headers: { authorization: `Bearer ${jwt}` },
  };
  const mutations = mutationsFor(op('dreadnode', 'user'), base, key);
  t.ok(mutations.length > 0, `${mutations.length} mutations`);
  t.same(
    mutations.filter((m) => m.apply(base).body !== undefined).map((m) => m.id),
    [],
    'no mutation adds a body',
  );
  t.ok(
    mutations.some((m) => m.id === 'query:junk'),
    'the query is still fair game',
  );
  t.end();
});
