import t from 'tap';
import { placeholderNames, render, renderString, resolvePointer, TemplateError } from './template.js';

const vars = new Map<string, unknown>([
  ['token', 'abc'],
  ['n', 3],
  ['obj', { a: 1 }],
]);
let seq = 0;
const uuid = () => `u-${++seq}`;

t.test('whole placeholders keep the type, partial ones interpolate', (t) => {
  t.same(render({ a: '{{token}}', b: ['{{n}}', 'x-{{n}}'], c: '{{ obj }}', d: 5 }, vars, uuid), {
    a: 'abc',
    b: [3, 'x-3'],
    c: { a: 1 },
    d: 5,
  });
  t.equal(renderString('Bearer {{token}}', vars, uuid), 'Bearer abc');
  t.equal(renderString('{{obj}}', vars, uuid), '{"a":1}');
  t.end();
});

t.test('uuid is fresh at every use; unknown variables are errors', (t) => {
  t.not(render('{{uuid}}', vars, uuid), render('{{uuid}}', vars, uuid));
  t.throws(() => render('{{missing}}', vars, uuid), TemplateError);
  t.throws(() => render({ deep: ['{{missing}}'] }, vars, uuid), { message: /missing.*known: n, obj, token/ });
  t.equal(render('{not a placeholder}', vars, uuid), '{not a placeholder}');
  t.end();
});

t.test('resolvePointer follows RFC 6901', (t) => {
  const doc = { a: [{ 'b/c': 1, 'd~e': 2 }], z: null };
  t.same(resolvePointer(doc, ''), { found: true, value: doc });
  t.same(resolvePointer(doc, '/a/0/b~1c'), { found: true, value: 1 });
  t.same(resolvePointer(doc, '/a/0/d~0e'), { found: true, value: 2 });
  t.same(resolvePointer(doc, '/z'), { found: true, value: null });
  for (const missing of ['/a/1', '/a/01', '/a/x', '/q', 'a', '/z/x'])
    t.same(resolvePointer(doc, missing), { found: false }, missing);
  t.same(resolvePointer('str', '/length'), { found: false }, 'no properties of primitives');
  t.end();
});

t.test('an undefined variable at run time names the likeliest meant one', (t) => {
  const session = new Map<string, unknown>([['username', 'demo']]);
  t.throws(() => render('{{usernmae}}', session, uuid), {
    message: /\{\{usernmae\}\} is not defined \(known: username\); did you mean `username`\?/,
  });
  t.throws(() => render('{{clientId}}', session, uuid), {
    message: /\{\{clientId\}\} is not defined \(known: username\)$/,
  });
  t.same(placeholderNames('a {{x}} b {{ y }} {{x}} {not} {{a-b}}'), ['x', 'y', 'x']);
  t.end();
});
