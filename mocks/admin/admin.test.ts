import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

t.test('health, clock and reset', async (t) => {
  const mock = mockApp(t, ['vcf', 'flolive']);
  const health = await call(mock, 'GET', '/__admin/health');
  t.match(health.json, { status: 'ok', profiles: ['vcf', 'flolive'], seed: mock.seed, sessions: 0 });

  await call(mock, 'POST', '/v1/tokens', { json: demo });
  const before = (await call(mock, 'GET', '/__admin/clock')).json as { epochSeconds: number };
  const moved = await call(mock, 'POST', '/__admin/clock', { json: { advance: 3600 } });
  t.equal(moved.status, 200);
  t.match(moved.json, { offsetSeconds: 3600 });
  t.ok((moved.json as { epochSeconds: number }).epochSeconds - before.epochSeconds >= 3600);
  for (const bad of [{ advance: -5 }, { advance: 'soon' }, {}, { advance: 1, extra: true }]) {
    const refused = await call(mock, 'POST', '/__admin/clock', { json: bad });
    t.equal(refused.status, 400, JSON.stringify(bad));
    t.match(refused.json, { error: { code: 'TOKENRIG_INVALID_REQUEST' } });
  }
  t.equal(
    (
      await call(mock, 'POST', '/__admin/clock', {
        body: '{',
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    400,
  );

  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.match((await call(mock, 'GET', '/__admin/health')).json, { sessions: 0, requests: 0 });
  t.match((await call(mock, 'GET', '/__admin/clock')).json, { offsetSeconds: 0 });
});
