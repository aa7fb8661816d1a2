import { Hono } from 'hono';
import t from 'tap';
import { loadContracts, type OperationContract, type ProfileContract } from '../../schemas/load.js';
import { call, mockApp, SEED } from '../../test/helpers/mock.js';
import { createMockApp } from '../app.js';
import { VCF_ERRORS } from '../vcf/errors.js';
import { VCF } from '../vcf/vcf.js';
import { defineProfile } from './define-profile.js';
import { reply } from './reply.js';

const contracts = loadContracts(['vcf']);
const vcf = contracts.get('vcf') as ProfileContract;

/** The vcf contract with one operation changed (or removed, when `change` returns undefined). */
function withOperation(id: string, change: (op: OperationContract) => OperationContract | undefined) {
  const operations = new Map(vcf.operations);
  const changed = change(vcf.operations.get(id) as OperationContract);
  if (changed) operations.set(id, changed);
  else operations.delete(id);
  return new Map([['vcf' as const, { ...vcf, operations }]]);
}

t.test('a contract whose operation lost its request schema: start-up fails, no unchecked body', (t) => {
  const broken = withOperation('refresh', (op) => ({
    ...op,
    requestSchema: undefined,
    validateRequest: undefined,
  }));
  t.throws(() => createMockApp({ apis: ['vcf'], seed: SEED, contracts: broken }), {
    message: 'vcf: the contract has no request schema for refresh',
  });
  t.ok(createMockApp({ apis: ['vcf'], seed: SEED, contracts }), 'the intact contract starts');
  t.end();
});

t.test('an operation without a handler, or a handler without an operation: start-up fails', (t) => {
  const missing = withOperation('revoke', () => undefined);
  t.throws(() => createMockApp({ apis: ['vcf'], seed: SEED, contracts: missing }), {
    message: 'vcf: the contract has no operation revoke',
  });
  const services = mockApp(t, ['vcf']).services;
  const partial = defineProfile<{ login: { username?: string } }, { accessTtl: number }, typeof VCF_ERRORS>({
    id: 'vcf',
    prefix: '/v1/tokens',
    settings: { accessTtl: 60 },
    build: () => ({
      catalogue: VCF_ERRORS,
      generic: () => VCF_ERRORS.INTERNAL,
      envelope: (error) => ({ code: error.spec.code }),
      handlers: { login: () => reply({}, 200) },
    }),
  });
  t.throws(() => partial.create({ services, contract: vcf }), {
    message: 'vcf has no handler for operation refresh',
  });
  t.end();
});

t.test('a handler gets its own operation, its body checked by a type guard', async (t) => {
  const services = mockApp(t, ['vcf']).services;
  const seen: string[] = [];
  const echo = defineProfile<
    { login: { username?: string }; refresh: string; revoke: string },
    Record<string, never>,
    typeof VCF_ERRORS
  >({
    id: 'vcf',
    prefix: '/v1/tokens',
    settings: {},
    build: () => {
      const answer = (body: unknown) => reply(body, 200);
      return {
        catalogue: VCF_ERRORS,
        generic: () => VCF_ERRORS.INTERNAL,
        envelope: (error) => ({ code: error.spec.code, message: error.message }),
        handlers: {
          async login(c, op) {
            seen.push(op.contract.id);
            const body: unknown = await c.req.json();
            // A guard: inside the branch `body` is the declared type, no cast.
            return op.validate(body)
              ? answer({ username: body.username ?? null })
              : answer({ invalid: true });
          },
          refresh: (_c, op) => answer(op.contract.id),
          revoke: (_c, op) => answer(op.contract.id),
        },
      };
    },
  });
  const mounted = echo.create({ services, contract: vcf });
  const ok = await mounted.app.request('/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo' }),
  });
  t.same(await ok.json(), { username: 'demo' });
  const bad = await mounted.app.request('/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 42 }),
  });
  t.same(await bad.json(), { invalid: true }, 'the guard refuses what the schema refuses');
  t.same(seen, ['login', 'login']);
  const refresh = await mounted.app.request('/v1/tokens/access-token/refresh', {
    method: 'PATCH',
    body: '"x"',
  });
  t.equal(await refresh.json(), 'refresh', 'each handler its own operation');
});

t.test('the real profiles start from the shipped contracts', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const login = await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  t.equal(login.status, 200);
  t.equal(VCF.id, 'vcf');
});

t.test(
  'mounted inside another hono app, an operation path still answers 405 for a common method',
  async (t) => {
    const mock = mockApp(t, ['vcf']);
    const outer = new Hono().route('/', mock.app);
    const res = await outer.request('/v1/tokens', { method: 'GET' });
    t.equal(res.status, 405);
    t.equal(res.headers.get('allow'), 'POST');
    const own = await mock.app.request('/v1/tokens', { method: 'PROPFIND' });
    t.equal(own.status, 405, 'an uncommon method: from the mock app itself');
    t.equal((await mock.app.request('/v1/tokens/nope')).status, 404, "under the prefix: the profile's 404");
  },
);
