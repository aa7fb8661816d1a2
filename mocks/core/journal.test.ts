import t from 'tap';
import { Journal, type JournalEntry } from './journal.js';

const entry = (id: number): JournalEntry => ({
  id,
  time: '',
  method: 'POST',
  path: '/x',
  query: '',
  status: 200,
  durationMs: 1,
  requestHeaders: {},
});

t.test('keeps the newest N, newest first, and counts all', (t) => {
  const j = new Journal(3);
  for (let i = 1; i <= 7; i++) j.record(entry(i));
  t.same(
    j.entries().map((e) => e.id),
    [7, 6, 5],
  );
  t.same(
    j.entries(2).map((e) => e.id),
    [7, 6],
  );
  t.equal(j.total, 7);
  j.clear();
  t.same(j.entries(), []);
  t.equal(j.total, 0);
  t.end();
});

t.test('a zero-capacity journal records nothing but still counts', (t) => {
  const j = new Journal(0);
  j.record(entry(1));
  t.same(j.entries(), []);
  t.equal(j.total, 1);
  t.throws(() => new Journal(-1), RangeError);
  t.end();
});
