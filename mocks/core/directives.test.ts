import t from 'tap';
import { parseDirectives } from './directives.js';

t.test('Prefer header, Prism style', (t) => {
  t.same(parseDirectives('code=404', undefined), { ok: true, directives: { code: 404 }, from: 'prefer' });
  t.same(parseDirectives('code=500, delay=250', undefined), {
    ok: true,
    directives: { code: 500, delayMs: 250 },
    from: 'prefer',
  });
  t.same(parseDirectives('error="AUTH_1002"; fault=reset', undefined), {
    ok: true,
    directives: { error: 'AUTH_1002', fault: 'reset' },
    from: 'prefer',
  });
  t.same(
    parseDirectives('return=minimal, respond-async', undefined),
    { ok: true, directives: {} },
    'unknown ignored: no source, nothing forced',
  );
  t.end();
});

t.test('query parameters for clients that cannot set headers', (t) => {
  const q = new URLSearchParams('__code=401&__delay=10&__fault=empty&__error=invalidRefreshToken&other=1');
  t.same(parseDirectives(undefined, q), {
    ok: true,
    directives: { code: 401, delayMs: 10, fault: 'empty', error: 'invalidRefreshToken' },
    from: 'query',
  });
  t.same(
    parseDirectives('code=500', new URLSearchParams('__delay=5')),
    { ok: true, directives: { code: 500, delayMs: 5 }, from: 'query' },
    'both: the query, applied last',
  );
  t.same(
    parseDirectives('code=500', new URLSearchParams('unrelated=1')),
    { ok: true, directives: { code: 500 }, from: 'prefer' },
    'a query without directives leaves the header its source',
  );
  t.end();
});

t.test('bad values are problems, not silently ignored', (t) => {
  for (const bad of [
    'code=abc',
    'code=99',
    'code=600',
    'code=4044',
    'delay=-1',
    'delay=1.5',
    'delay=999999',
    'fault=explode',
    'error=',
  ]) {
    const parsed = parseDirectives(bad, undefined);
    t.match(parsed, { ok: false, from: 'prefer' }, bad);
  }
  t.match(parseDirectives(undefined, new URLSearchParams('__code=9')), { ok: false, from: 'query' });
  t.end();
});
