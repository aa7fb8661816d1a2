import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

t.test('request journal: bounded, newest first, redacted, filterable', async (t) => {
  const mock = mockApp(t, ['vcf', 'flolive'], { journalSize: 3 });
  for (let i = 0; i < 5; i++) {
    await call(mock, 'POST', '/v1/tokens', { json: demo, headers: { authorization: 'Bearer secret-token' } });
  }
  await call(mock, 'POST', '/api/v2/auth/token', { json: demo, headers: { cookie: 'refresh_token=abc' } });
  const all = (await call(mock, 'GET', '/__admin/requests')).json as {
    total: number;
    capacity: number;
    requests: { id: number; profile: string; operation: string; requestHeaders: Record<string, string> }[];
  };
  t.equal(all.total, 6);
  t.equal(all.capacity, 3);
  t.same(
    all.requests.map((r) => r.id),
    [6, 5, 4],
  );
  t.match(all.requests[0], {
    profile: 'flolive',
    operation: 'login',
    requestHeaders: { cookie: '[redacted]' },
  });
  t.equal(all.requests[1]?.requestHeaders.authorization, 'Bearer [redacted]');
  const vcfOnly = (await call(mock, 'GET', '/__admin/requests?profile=vcf&limit=1')).json as {
    requests: unknown[];
  };
  t.equal(vcfOnly.requests.length, 1);
  t.equal((await call(mock, 'GET', '/__admin/requests?limit=-1')).status, 400);
  t.equal((await call(mock, 'DELETE', '/__admin/requests')).status, 204);
  t.match((await call(mock, 'GET', '/__admin/requests')).json, { total: 0, requests: [] });
});
