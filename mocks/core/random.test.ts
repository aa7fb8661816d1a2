import t from 'tap';
import { createRandom } from './random.js';

t.test('the same seed replays the same values', (t) => {
  const a = createRandom(42);
  const b = createRandom(42);
  const seqA = [a.uuid(), a.float(), a.faker.person.firstName()];
  const seqB = [b.uuid(), b.float(), b.faker.person.firstName()];
  t.same(seqA, seqB);
  t.not(createRandom(43).uuid(), seqA[0], 'another seed, another value');
  t.end();
});

t.test('uuid is a v4-shaped UUID and float stays in [0, 1)', (t) => {
  const r = createRandom(7);
  t.match(r.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (let i = 0; i < 1000; i++) {
    const f = r.float();
    if (f < 0 || f >= 1) t.fail(`out of range: ${f}`);
  }
  t.end();
});

t.test('without a seed one is chosen and exposed so the run can be replayed', (t) => {
  const r = createRandom();
  t.type(r.seed, 'number');
  t.equal(createRandom(r.seed).uuid(), createRandom(r.seed).uuid());
  t.end();
});
