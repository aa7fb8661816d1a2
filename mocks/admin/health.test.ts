import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

interface Health {
  sessions: number;
  revokedSessions: number;
  expiredSessions: number;
  settings: { name: string; value: unknown; default: unknown; source: string }[];
  quirks: string[];
}
const health = async (mock: ReturnType<typeof mockApp>) =>
  (await call(mock, 'GET', '/__admin/health')).json as Health;

t.test('health counts live sessions, and revoked and expired ones apart', async (t) => {
  const mock = mockApp(t, ['vcf', 'flolive']);
  t.match(await health(mock), {
    sessions: 0,
    revokedSessions: 0,
    expiredSessions: 0,
    store: 'memory',
    pid: process.pid,
  });
  const login = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const refreshId = (login.json as { refreshToken: { id: string } }).refreshToken.id;
  await call(mock, 'POST', '/api/v2/auth/token', { json: demo });
  t.match(await health(mock), { sessions: 2, revokedSessions: 0, expiredSessions: 0 });

  t.equal((await call(mock, 'DELETE', '/v1/tokens/refresh-token', { json: refreshId })).status, 204);
  t.match(await health(mock), { sessions: 1, revokedSessions: 1, expiredSessions: 0 }, 'after a revoke');
  t.equal(((await call(mock, 'GET', '/__admin/sessions')).json as unknown[]).length, 2, 'both still held');

  // floLIVE's refresh token lives a day: past it, the session is held but not live.
  await call(mock, 'POST', '/__admin/clock', { json: { advance: 86_401 } });
  t.match(await health(mock), { sessions: 0, revokedSessions: 1, expiredSessions: 1 }, 'after expiry');
});

t.test('health lists the settings that differ from the defaults, with the flag of each', async (t) => {
  const plain = mockApp(t, ['vcf', 'flolive']);
  t.same((await health(plain)).settings, [], 'nothing set: every profile at its defaults');

  const mock = mockApp(t, ['vcf', 'flolive'], {
    settings: { 'vcf.loginStatus': '201', 'flolive.nakStatus': '200', 'vcf.accessTtl': '1' },
    accessTtl: 60,
    quirks: [],
  });
  const shown = (await health(mock)).settings;
  t.same(
    shown.filter((s) => s.source === '--set'),
    [
      { name: 'vcf.loginStatus', value: 201, default: 200, source: '--set' },
      { name: 'flolive.nakStatus', value: 200, default: 401, source: '--set' },
    ],
  );
  t.same(
    shown.filter((s) => s.source === '--access-ttl').map((s) => [s.name, s.value]),
    [
      ['vcf.accessTtl', 60],
      ['flolive.accessTtl', 60],
    ],
    '--access-ttl wins over a --set of the same setting, as it is applied after',
  );
  const same = mockApp(t, ['vcf'], { settings: { 'vcf.loginStatus': '200' } });
  t.same((await health(same)).settings, [], 'a flag that sets the default is no difference');
});
