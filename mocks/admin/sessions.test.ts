import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

t.test('sessions: listed with tokens redacted, revocable', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const login = (await call(mock, 'POST', '/v1/tokens', { json: demo })).json as {
    refreshToken: { id: string };
  };
  const sessions = (await call(mock, 'GET', '/__admin/sessions')).json as {
    id: string;
    refreshTokens: string[];
  }[];
  t.equal(sessions.length, 1);
  t.same(sessions[0]?.refreshTokens, ['[redacted]']);
  t.equal((await call(mock, 'DELETE', `/__admin/sessions/${sessions[0]?.id}`)).status, 204);
  t.equal(
    (await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', { json: login.refreshToken.id })).status,
    404,
  );
  t.equal((await call(mock, 'DELETE', '/__admin/sessions/nope')).status, 404);
});
