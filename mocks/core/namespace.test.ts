import t from 'tap';
import { namespaceBasePath, namespaceNameProblem, selectNamespace, withoutNamespace } from './namespace.js';

t.test('names: letters, digits, . _ -, starting with a letter or digit, at most 64', async (t) => {
  for (const good of ['a', 'ci-1234', 'job_7.retry', 'A'.repeat(64), '9lives']) {
    t.equal(namespaceNameProblem(good), undefined, `${good} is a name`);
  }
  t.match(namespaceNameProblem(''), /empty/);
  t.match(namespaceNameProblem('a'.repeat(65)), /longer than 64/);
  for (const bad of ['-a', '.hidden', 'a b', 'a/b', 'a%2Fb', 'ä', 'a,b', 'a:b']) {
    t.match(namespaceNameProblem(bad), /may hold only letters/, `${JSON.stringify(bad)} is refused`);
  }
  t.ok((namespaceNameProblem('x'.repeat(500)) ?? '').length < 200, 'a huge name is cut in the message');
});

t.test('a request names no namespace, one by header or prefix, or a bad one', async (t) => {
  t.equal(selectNamespace(undefined, '/v1/tokens'), undefined, 'neither: the mock’s own world');
  t.equal(selectNamespace(undefined, '/__nsx/v1'), undefined, 'a path merely starting with __ns');
  t.same(selectNamespace('ci-1', '/v1/tokens'), { ok: true, name: 'ci-1' }, 'by header');
  t.same(selectNamespace(undefined, '/__ns/ci-1/v1/tokens'), { ok: true, name: 'ci-1' }, 'by prefix');
  t.same(selectNamespace(undefined, '/__ns/ci-1'), { ok: true, name: 'ci-1' }, 'prefix, nothing after');
  t.same(selectNamespace('ci-1', '/__ns/ci-1/v1/tokens'), { ok: true, name: 'ci-1' }, 'both, agreeing');
  t.match(selectNamespace('ci-2', '/__ns/ci-1/v1/tokens'), {
    ok: false,
    message: /header names "ci-2" but the path prefix names "ci-1"/,
  });
  t.match(selectNamespace('', '/v1'), { ok: false, message: /empty \(in the Tokenrig-Namespace header\)/ });
  t.match(selectNamespace('a b', '/v1'), { ok: false, message: /"a b".*header/ });
  t.match(selectNamespace(undefined, '/__ns/'), { ok: false, message: /empty \(in the path prefix/ });
  t.match(selectNamespace(undefined, '/__ns'), { ok: false, message: /empty/ });
  t.match(selectNamespace(undefined, '/__ns/a%20b/v1'), { ok: false, message: /"a%20b"/ });
});

t.test('the path a world sees, and the prefix that reaches it', async (t) => {
  t.equal(withoutNamespace('/v1/tokens'), '/v1/tokens');
  t.equal(withoutNamespace('/__ns/ci-1/v1/tokens'), '/v1/tokens');
  t.equal(withoutNamespace('/__ns/ci-1/__admin/reset'), '/__admin/reset');
  t.equal(withoutNamespace('/__ns/ci-1'), '/');
  t.equal(withoutNamespace('/__ns/ci-1/'), '/');
  t.equal(withoutNamespace('/__nsx/v1'), '/__nsx/v1');
  t.equal(namespaceBasePath(undefined), '');
  t.equal(namespaceBasePath('ci-1'), '/__ns/ci-1');
});
