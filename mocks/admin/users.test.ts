import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

t.test('users: add, list without passwords, delete revokes their sessions', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const added = await call(mock, 'POST', '/__admin/users', { json: { username: 'ann', password: 's3cret' } });
  t.equal(added.status, 201);
  const list = await call(mock, 'GET', '/__admin/users');
  t.match(list.json, [
    { username: 'demo', password: '[redacted]' },
    { username: 'ann', password: '[redacted]' },
  ]);
  t.notMatch(list.text, /s3cret/);
  t.equal((await call(mock, 'POST', '/__admin/users', { json: { username: 'x' } })).status, 400);

  const login = (await call(mock, 'POST', '/v1/tokens', { json: { username: 'ann', password: 's3cret' } }))
    .json as {
    refreshToken: { id: string };
  };
  t.equal((await call(mock, 'DELETE', '/__admin/users/ann')).status, 204);
  const refresh = await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', {
    json: login.refreshToken.id,
  });
  t.equal(refresh.status, 404, "a deleted user's refresh token stops working");
  t.equal((await call(mock, 'DELETE', '/__admin/users/ann')).status, 404);
  t.equal(
    (await call(mock, 'POST', '/v1/tokens', { json: { username: 'ann', password: 's3cret' } })).status,
    401,
  );
});
