import t from 'tap';
import { createRandom, seededFloats, seededUuid } from './random.js';

t.test('the same seed replays the same values', (t) => {
  const a = createRandom(42);
  const b = createRandom(42);
  const seqA = [a.uuid(), a.float(), a.faker.person.firstName()];
  const seqB = [b.uuid(), b.float(), b.faker.person.firstName()];
  t.same(seqA, seqB);
  t.not(createRandom(43).uuid(), seqA[0], 'another seed, another value');
  t.end();
});

t.test('a reset replays the seed from its first value', (t) => {
  const r = createRandom(42);
  const uuid = r.uuid;
  const first = [uuid(), r.float(), r.faker.person.firstName()];
  t.not(uuid(), first[0]);
  r.reset();
  t.same([uuid(), r.float(), r.faker.person.firstName()], first, 'a held uuid function follows the reset');
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

t.test('seeded UUIDs: v4-shaped, reproducible, distinct', (t) => {
  const a = seededUuid(5);
  const b = seededUuid(5);
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const u = a();
    if (u !== b()) t.fail('same seed, other value');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))
      t.fail(`not v4-shaped: ${u}`);
    seen.add(u);
  }
  t.equal(seen.size, 10_000, 'no repeats in 10 000');
  t.not(seededUuid(6)(), seededUuid(5)(), 'another seed, another sequence');
  t.end();
});

t.test('seeded float streams: in [0, 1), reproducible, one per name', (t) => {
  const a = seededFloats(9, 'flaky-refresh');
  const b = seededFloats(9, 'flaky-refresh');
  const seq = Array.from({ length: 1000 }, () => a());
  t.same(
    seq,
    Array.from({ length: 1000 }, () => b()),
    'same seed and name, same sequence',
  );
  t.ok(
    seq.every((f) => f >= 0 && f < 1),
    'in [0, 1)',
  );
  t.ok(Math.abs(seq.reduce((s, f) => s + f, 0) / seq.length - 0.5) < 0.05, 'spread over [0, 1)');
  t.not(seededFloats(9, 'other')(), seededFloats(9, 'flaky-refresh')(), 'another name, another stream');
  t.not(seededFloats(10, 'flaky-refresh')(), seededFloats(9, 'flaky-refresh')(), 'another seed');
  t.end();
});
