import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';
import { bearer, claimsOf, login } from '../../test/helpers/oracle-commerce.js';

type State = { name: string; summary: string; active: boolean; value?: number; profiles: string[] };

const lifetime = (token: string) => {
  const { exp, iat } = claimsOf(token) as { exp: number; iat: number };
  return exp - iat;
};

t.test('scenarios: listed, switched at run time, shown in health, reset to the start-up set', async (t) => {
  const mock = mockApp(t, ['oracle-commerce', 'dreadnode'], { scenarios: ['revoked=4'] });
  const list = await call(mock, 'GET', '/__admin/scenarios');
  t.equal(list.status, 200);
  const { scenarios } = list.json as { scenarios: State[] };
  t.same(
    scenarios.map((s) => s.name),
    [
      'short-lived',
      'short-session',
      'flaky-refresh',
      'lost-refresh',
      'rate-limited',
      'revoked',
      'slow-refresh',
    ],
  );
  t.ok(
    scenarios.every((s) => s.summary.length > 0 && s.active === (s.name === 'revoked')),
    'each with its summary; only the start-up one is on',
  );
  t.match(
    scenarios.find((s) => s.name === 'rate-limited'),
    {
      profiles: ['dreadnode'],
      notOn: [{ profile: 'oracle-commerce', reason: 'its refresh documents no 429' }],
    },
  );
  const health = async () =>
    ((await call(mock, 'GET', '/__admin/health')).json as { scenarios: string[] }).scenarios;
  t.same(await health(), ['revoked']);

  t.equal(lifetime(await login(mock)), 900, 'before: the vendor lifetime');
  const on = await call(mock, 'PUT', '/__admin/scenarios/short-lived', { json: { value: 3 } });
  t.equal(on.status, 200);
  t.match(on.json, { name: 'short-lived', active: true, value: 3 });
  t.equal(lifetime(await login(mock)), 3, 'switched on: the next token lives 3 s');
  t.same(await health(), ['revoked', 'short-lived']);
  t.match(
    (await call(mock, 'PUT', '/__admin/scenarios/short-lived=8')).json,
    { value: 8 },
    'as --scenario takes it',
  );
  t.equal(lifetime(await login(mock)), 8);
  t.match((await call(mock, 'GET', '/__admin/scenarios/short-lived')).json, { active: true, value: 8 });

  t.equal((await call(mock, 'DELETE', '/__admin/scenarios/short-lived')).status, 204);
  t.equal(lifetime(await login(mock)), 900, 'off: the vendor lifetime again');
  await call(mock, 'PUT', '/__admin/scenarios/slow-refresh=0');
  t.equal((await call(mock, 'DELETE', '/__admin/scenarios')).status, 204);
  t.same(await health(), [], 'all off');

  await call(mock, 'PUT', '/__admin/scenarios/short-lived=2');
  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.same(await health(), ['revoked'], 'reset: back to the start-up scenarios');
  const token = await login(mock);
  t.equal(lifetime(token), 900, 'and their settings');
  t.equal((await call(mock, 'POST', '/ccstore/v1/verify', { headers: bearer(token) })).status, 200);
});

t.test('scenarios: refusals in the admin envelope, and nothing changed', async (t) => {
  const mock = mockApp(t, ['vcf', 'oracle-commerce'], { accessTtl: 60 });
  const unknown = await call(mock, 'PUT', '/__admin/scenarios/flaky-refrsh');
  t.equal(unknown.status, 404);
  t.match(unknown.json, {
    error: {
      code: 'TOKENRIG_NO_SUCH_SCENARIO',
      message: /no scenario "flaky-refrsh"; did you mean flaky-refresh\?/,
    },
  });
  t.equal((await call(mock, 'DELETE', '/__admin/scenarios/nope')).status, 404);
  t.equal((await call(mock, 'GET', '/__admin/scenarios/nope')).status, 404);

  const invalid = await call(mock, 'PUT', '/__admin/scenarios/flaky-refresh', { json: { value: 2 } });
  t.equal(invalid.status, 400);
  t.match(invalid.json, { error: { code: 'TOKENRIG_INVALID_SCENARIO', message: /from 0 to 1, got "2"/ } });
  t.equal(
    (await call(mock, 'PUT', '/__admin/scenarios/flaky-refresh', { json: { value: 'x' } })).status,
    400,
  );
  t.equal((await call(mock, 'PUT', '/__admin/scenarios/flaky-refresh', { json: { share: 1 } })).status, 400);

  const nowhere = await call(mock, 'PUT', '/__admin/scenarios/rate-limited');
  t.equal(nowhere.status, 400, 'neither VMware nor Oracle documents a 429');
  t.match(nowhere.json, { error: { message: /applies to none of the mounted profiles/ } });

  const fixed = await call(mock, 'PUT', '/__admin/scenarios/short-lived');
  t.equal(fixed.status, 409, '--access-ttl already sets the lifetime');
  t.match(fixed.json, { error: { code: 'TOKENRIG_SCENARIO_CONFLICT' } });

  await call(mock, 'PUT', '/__admin/scenarios/flaky-refresh=0.8');
  const shares = await call(mock, 'PUT', '/__admin/scenarios/lost-refresh=0.5');
  t.equal(shares.status, 409);
  t.match(shares.json, { error: { message: /claim more than every refresh/ } });
  t.same(
    ((await call(mock, 'GET', '/__admin/health')).json as { scenarios: string[] }).scenarios,
    ['flaky-refresh'],
    'the refused one is not on',
  );
});
