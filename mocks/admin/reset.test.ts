import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

/** What a client can read of the mock's state: everything a reset must put back as it was at start. */
async function observable(mock: ReturnType<typeof mockApp>) {
  const health = (await call(mock, 'GET', '/__admin/health')).json as Record<string, unknown>;
  const { uptimeSeconds: _uptime, ...rest } = health;
  return {
    health: rest,
    // Accounts are made again at the reset, under their start-up ids: created then, not at start.
    users: ((await call(mock, 'GET', '/__admin/users')).json as Record<string, unknown>[]).map(
      ({ createdAt: _createdAt, ...user }) => user,
    ),
    sessions: (await call(mock, 'GET', '/__admin/sessions')).json,
    faults: (await call(mock, 'GET', '/__admin/faults')).json,
    quirks: (await call(mock, 'GET', '/__admin/quirks')).json,
    offset: ((await call(mock, 'GET', '/__admin/clock')).json as { offsetSeconds: number }).offsetSeconds,
    requests: (await call(mock, 'GET', '/__admin/requests')).json,
  };
}

t.test('a reset puts back everything start-up had, flags included, and replays the seed', async (t) => {
  const options = {
    quirks: ['kirjaswappi.malformed-token-500'],
    settings: { 'vcf.loginStatus': '201' },
    users: [demo, { username: 'second', password: 'two' }],
  };
  const mock = mockApp(t, ['vcf', 'dreadnode', 'kirjaswappi'], options);
  const atStart = await observable(mock);
  const sessionIds = async (m: typeof mock) =>
    ((await call(m, 'GET', '/__admin/sessions')).json as { id: string }[]).map((s) => s.id);
  t.equal((await call(mock, 'POST', '/v1/tokens', { json: demo })).status, 201, 'the --set setting is on');
  const firstSessions = await sessionIds(mock);

  // Everything a client can change: users, rules, quirks both ways, the clock, sessions, a device login.
  await call(mock, 'POST', '/__admin/users', { json: { username: 'third', password: 'three' } });
  await call(mock, 'DELETE', '/__admin/users/second');
  await call(mock, 'POST', '/__admin/faults', { json: { profile: 'vcf', operation: 'login', delay: 1 } });
  await call(mock, 'DELETE', '/__admin/quirks/kirjaswappi.malformed-token-500');
  await call(mock, 'PUT', '/__admin/quirks/kirjaswappi.all');
  await call(mock, 'POST', '/__admin/clock', { json: { advance: 60 } });
  const code = (await call(mock, 'POST', '/api/auth/device/code')).json as { device_code: string };
  t.type(code.device_code, 'string');
  t.not(JSON.stringify(await observable(mock)), JSON.stringify(atStart), 'the state did change');

  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.same(await observable(mock), atStart, 'users (ids too), rules, quirks, clock, sessions, journal');
  const poll = await call(mock, 'POST', '/api/auth/device/token', { json: code });
  t.equal(poll.status, 400, 'a device login pending before the reset is gone');
  t.match(poll.json, { type: 'invalid_device_code' });

  await call(mock, 'POST', '/__admin/reset');
  t.equal((await call(mock, 'POST', '/v1/tokens', { json: demo })).status, 201, 'the setting stays on');
  t.same(await sessionIds(mock), firstSessions, 'the first login after a reset is the first after start');
  const fresh = mockApp(t, ['vcf', 'dreadnode', 'kirjaswappi'], options);
  await call(fresh, 'POST', '/v1/tokens', { json: demo });
  t.same(await sessionIds(fresh), firstSessions, 'as after a restart with the same seed');
});
