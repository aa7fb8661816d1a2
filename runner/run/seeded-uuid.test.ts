import t from 'tap';
import { seededUuids } from './seeded-uuid.js';

t.test('seeded UUIDs are v4-shaped, distinct, and replay with the same seed', async (t) => {
  const a = seededUuids('runner:1');
  const first = Array.from({ length: 100 }, a);
  for (const id of first)
    t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(new Set(first).size, 100, 'no repeat');
  t.same(Array.from({ length: 100 }, seededUuids('runner:1')), first, 'same seed, same ids');
  t.not(seededUuids('runner:2')(), first[0], 'another seed, other ids');
});
