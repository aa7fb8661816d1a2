import t from 'tap';
import { parseDirectives } from './directives.js';

t.test('Prefer header, Prism style', (t) => {
  t.same(parseDirectives('code=404', undefined), { ok: true, directives: { code: 404 } });
  t.same(parseDirectives('code=500, delay=250', undefined), {
    ok: true,
    directives: { code: 500, delayMs: 250 },
  });
  t.same(parseDirectives('error="AUTH_1002"; fault=reset', undefined), {
    ok: true,
    directives: { error: 'AUTH_1002', fault: 'reset' },
  });
  t.same(
    parseDirectives('return=minimal, respond-async', undefined),
    { ok: true, directives: {} },
    'unknown ignored',
  );
  t.end();
});

t.test('query parameters for clients that cannot set headers', (t) => {
  const q = new URLSearchParams('__code=401&__delay=10&__fault=empty&__error=invalidRefreshToken&other=1');
  t.same(parseDirectives(undefined, q), {
    ok: true,
    directives: { code: 401, delayMs: 10, fault: 'empty', error: 'invalidRefreshToken' },
  });
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
    t.equal(parsed.ok, false, bad);
  }
  t.end();
});
