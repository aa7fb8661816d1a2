import t from 'tap';
import { type QuirkDefinition, QuirkError, Quirks } from './quirks.js';

const evidence = [{ repository: 'example/server', file: 'src/App.java', what: 'an example' }];
const A: QuirkDefinition = { id: 'a-500', summary: 'A', breaks: 'RFC 9110 §15.6', evidence };
const B: QuirkDefinition = { id: 'b-415', summary: 'B', breaks: 'the documented envelope', evidence };

t.test('every quirk is off unless named at start', async (t) => {
  const quirks = new Quirks({ kirjaswappi: [A, B] });
  t.equal(quirks.flag('kirjaswappi', 'a-500').on, false);
  t.equal(quirks.flag('kirjaswappi', 'b-415').on, false);
  t.same(quirks.enabled(), []);
});

t.test('named quirks and <profile>.all switch on at start', async (t) => {
  t.same(new Quirks({ kirjaswappi: [A, B] }, ['kirjaswappi.b-415']).enabled(), ['kirjaswappi.b-415']);
  t.same(new Quirks({ kirjaswappi: [A, B] }, ['kirjaswappi.all']).enabled(), [
    'kirjaswappi.a-500',
    'kirjaswappi.b-415',
  ]);
});

t.test('a flag is live: switching at run time changes what the profile reads', async (t) => {
  const quirks = new Quirks({ kirjaswappi: [A, B] }, ['kirjaswappi.a-500']);
  const flag = quirks.flag('kirjaswappi', 'a-500');
  t.same(quirks.set(['kirjaswappi.a-500'], false), ['kirjaswappi.a-500']);
  t.equal(flag.on, false);
  t.same(quirks.set(['kirjaswappi.all'], true), ['kirjaswappi.a-500', 'kirjaswappi.b-415']);
  t.equal(flag.on, true);
  t.same(quirks.set(['kirjaswappi.all'], true), [], 'nothing changed the second time');
  quirks.reset();
  t.same(quirks.enabled(), ['kirjaswappi.a-500'], 'reset goes back to the start-up set');
});

t.test('unknown names are errors, never ignored', async (t) => {
  t.throws(() => new Quirks({ kirjaswappi: [A] }, ['kirjaswappi.a-5OO']), {
    name: 'QuirkError',
    message: /no quirk kirjaswappi\.a-5OO; kirjaswappi has: kirjaswappi\.a-500/,
  });
  t.throws(() => new Quirks({ kirjaswappi: [A] }, ['vcf.all']), /vcf has no quirks/);
  t.throws(() => new Quirks({ kirjaswappi: [A] }, ['a-500']), /<profile>\.<id>/);
  const quirks = new Quirks({ kirjaswappi: [A] });
  t.throws(
    () => quirks.flag('kirjaswappi', 'typo'),
    QuirkError,
    'a profile asking for a typo fails at start-up',
  );
  t.throws(() => quirks.set(['kirjaswappi.typo'], true), QuirkError);
  t.throws(() => new Quirks({ kirjaswappi: [A, A] }), /defined twice/);
});

t.test('list carries each definition with its evidence and state', async (t) => {
  const [state] = new Quirks({ kirjaswappi: [A] }, ['kirjaswappi.a-500']).list();
  t.match(state, { profile: 'kirjaswappi', name: 'kirjaswappi.a-500', enabled: true, evidence });
});
