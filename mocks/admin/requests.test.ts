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

t.test('a credential in the query is redacted in the journal, as in the headers', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  await call(mock, 'GET', '/account/device?code=BCDF-GHJK&lang=en');
  const shown = async (path: string) =>
    ((await call(mock, 'GET', path)).json as { requests: { query: string }[] }).requests[0]?.query;
  t.equal(await shown('/__admin/requests'), '?code=[redacted]&lang=en');
  const verified = (
    await call(mock, 'POST', '/__admin/verify', { json: { match: { path: '/account/device' } } })
  ).json as { requests: { query: string }[] };
  t.equal(verified.requests[0]?.query, '?code=[redacted]&lang=en', 'verify shows entries the same way');
  const open = mockApp(t, ['dreadnode'], { showSecrets: true });
  await call(open, 'GET', '/account/device?code=BCDF-GHJK');
  const all = (await call(open, 'GET', '/__admin/requests')).json as { requests: { query: string }[] };
  t.equal(all.requests[0]?.query, '?code=BCDF-GHJK', '--show-secrets shows it');
});
