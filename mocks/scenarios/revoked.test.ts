import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';
import { LOGIN, pairOf, REFRESH } from '../../test/helpers/vcf.js';

const demo = { username: 'demo', password: 'demo' };

t.test('revoked: the family dies right after its Nth refresh, other families live on', async (t) => {
  const mock = mockApp(t, ['vcf'], { scenarios: ['revoked=2'] });
  const a = pairOf(await call(mock, 'POST', LOGIN, { json: demo }));
  const b = pairOf(await call(mock, 'POST', LOGIN, { json: demo }));
  const refreshA = () => call(mock, 'PATCH', REFRESH, { json: a.refreshToken.id });
  t.equal((await refreshA()).status, 200, 'refresh 1');
  t.equal((await refreshA()).status, 200, 'refresh 2');
  const third = await refreshA();
  t.equal(third.status, 404, "refresh 3: VMware's answer for a refresh token that is no more");
  t.match(third.json, { errorCode: 'VCF_REFRESH_TOKEN_NOT_FOUND' });
  t.equal(
    (await call(mock, 'PATCH', REFRESH, { json: b.refreshToken.id })).status,
    200,
    'the other login is counted on its own',
  );
  const sessions = (await call(mock, 'GET', '/__admin/sessions')).json as {
    id: string;
    revokedReason?: string;
  }[];
  t.same(
    sessions.map((s) => s.revokedReason ?? 'alive').sort(),
    ['alive', 'scenario'],
    'the sessions resource says why',
  );
});

t.test('without it a family refreshes on', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const a = pairOf(await call(mock, 'POST', LOGIN, { json: demo }));
  for (let i = 1; i <= 5; i++) {
    t.equal((await call(mock, 'PATCH', REFRESH, { json: a.refreshToken.id })).status, 200, `refresh ${i}`);
  }
});

t.test('revoked counts only refreshes that were answered: a malformed answer is none', async (t) => {
  const mock = mockApp(t, ['vcf'], { scenarios: ['revoked=1'] });
  const a = pairOf(await call(mock, 'POST', LOGIN, { json: demo }));
  const malformed = await call(mock, 'PATCH', REFRESH, {
    json: a.refreshToken.id,
    headers: { prefer: 'fault=malformed' },
  });
  t.equal(malformed.status, 200, 'a 200 with a broken body: the refresh never ran');
  t.equal(
    (await call(mock, 'PATCH', REFRESH, { json: a.refreshToken.id })).status,
    200,
    'the first real refresh',
  );
  t.equal((await call(mock, 'PATCH', REFRESH, { json: a.refreshToken.id })).status, 404, 'then revoked');
});
