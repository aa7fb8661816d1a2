import t from 'tap';
import { parseUserSpec, UserDirectory } from './users.js';

t.test('directory: add, get, delete, reset to the configured users', (t) => {
  let n = 0;
  const users = new UserDirectory(
    [{ username: 'demo', password: 'demo' }],
    () => `id-${++n}`,
    () => 5,
  );
  t.equal(users.get('demo')?.password, 'demo');
  users.add('ann', 'pw');
  t.same(
    users.list().map((u) => u.username),
    ['demo', 'ann'],
  );
  t.equal(users.first()?.username, 'demo');
  t.equal(users.delete('demo'), true);
  t.equal(users.delete('demo'), false);
  t.equal(users.first()?.username, 'ann');
  users.reset();
  t.same(
    users.list().map((u) => u.username),
    ['demo'],
  );
  t.end();
});

t.test('parseUserSpec', (t) => {
  t.same(parseUserSpec('ann:s3:cret'), { username: 'ann', password: 's3:cret' });
  for (const bad of ['ann', ':pw', 'ann:', '']) t.throws(() => parseUserSpec(bad), TypeError, bad);
  t.end();
});
