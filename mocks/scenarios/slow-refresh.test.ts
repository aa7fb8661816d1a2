import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';
import { LOGIN, logIn, REFRESH } from '../../test/helpers/vcf.js';

t.test('slow-refresh: refreshes wait the delay; other operations do not', async (t) => {
  const mock = mockApp(t, ['vcf'], { scenarios: ['slow-refresh=1500'] });
  const pair = await logIn(mock);
  const started = performance.now();
  const reply = await call(mock, 'PATCH', REFRESH, { json: pair.refreshToken.id });
  t.equal(reply.status, 200, 'answered as usual');
  t.ok(performance.now() - started >= 1490, 'after the delay');
  const { requests: journal } = (await call(mock, 'GET', '/__admin/requests')).json as {
    requests: { path: string; durationMs: number; forced?: unknown }[];
  };
  const login = journal.find((e) => e.path === LOGIN);
  const refreshed = journal.find((e) => e.path === REFRESH);
  t.ok(login && login.durationMs < 1500, 'the login was not delayed');
  t.equal(login?.forced, undefined);
  t.same(refreshed?.forced, { by: 'scenario', scenario: 'slow-refresh' }, 'the journal names the scenario');
});
