import t from 'tap';
import type { JournalEntry } from '../core/journal.js';
import { holds, holdsThroughout, nearMisses, parseCount, verify } from './verification.js';

const entry = (id: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  id,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
  method: 'POST',
  path: '/api/auth/refresh',
  query: '',
  status: 200,
  durationMs: 1,
  profile: 'dreadnode',
  operation: 'refresh',
  requestHeaders: {},
  ...over,
});

const count = (text: string) => {
  const c = parseCount(text);
  if (!c) throw new Error(`not a count: ${text}`);
  return c;
};

t.test('count expressions', async (t) => {
  t.match(parseCount('1'), { op: '==', n: 1, text: '1' });
  t.match(parseCount(' >= 2 '), { op: '>=', n: 2, text: '>=2' });
  t.match(parseCount(0), { op: '==', n: 0 });
  for (const bad of ['', '=>1', 'at least 1', '-1', '1.5', '>=', '!=1'])
    t.equal(parseCount(bad), undefined, bad);
  const table: [string, number, boolean][] = [
    ['1', 1, true],
    ['1', 2, false],
    ['>=2', 2, true],
    ['>=2', 1, false],
    ['<=1', 0, true],
    ['<=1', 2, false],
    ['>0', 0, false],
    ['<3', 2, true],
  ];
  for (const [expr, actual, expected] of table)
    t.equal(holds(count(expr), actual), expected, `${expr} of ${actual}`);
});

t.test('a count over a range holds throughout, nowhere, or cannot be said', async (t) => {
  t.equal(holdsThroughout(count('>=1'), 1, 5), true);
  t.equal(holdsThroughout(count('>=3'), 1, 5), undefined);
  t.equal(holdsThroughout(count('<=1'), 2, 5), false);
  // == is not monotone: 2 lies strictly inside 1..3 although it holds at neither end.
  t.equal(holdsThroughout(count('2'), 1, 3), undefined);
  t.equal(holdsThroughout(count('2'), 3, 5), false);
  t.equal(holdsThroughout(count('2'), 2, 2), true);
});

t.test('verify counts the matching requests of the window', async (t) => {
  const entries = [entry(3, { status: 401 }), entry(2), entry(1, { operation: 'device-token' })];
  const view = { entries, total: 3 };
  t.strictSame(verify(view, { operation: 'refresh' }, count('2')), { outcome: 'verified', actual: 2 });
  t.strictSame(verify(view, { operation: 'refresh', status: 200 }, count('2')), {
    outcome: 'not-verified',
    actual: 1,
  });
  t.strictSame(verify(view, { status: '4XX' }, count('1')), { outcome: 'verified', actual: 1 });
  t.strictSame(verify(view, { since: entry(2).time, until: entry(2).time }, count('1')), {
    outcome: 'verified',
    actual: 1,
  });
  t.strictSame(verify(view, { session: 'other' }, count('0')), { outcome: 'verified', actual: 0 });
  t.strictSame(verify(view, { method: 'post', path: '/api/auth/refresh' }, count('3')), {
    outcome: 'verified',
    actual: 3,
  });
});

t.test('a journal that dropped requests of the window decides only what they cannot change', async (t) => {
  // Ten requests recorded, the ring holds the last three (ids 8-10).
  const view = { entries: [entry(10), entry(9), entry(8)], total: 10 };
  t.strictSame(verify(view, {}, count('>=2')), { outcome: 'verified', actual: 3 }, 'more can only add');
  t.strictSame(verify(view, {}, count('<=2')), { outcome: 'not-verified', actual: 3 }, 'already too many');
  t.match(verify(view, {}, count('3')), {
    outcome: 'undecidable',
    actual: 3,
    dropped: 7,
    oldest: entry(8).time,
  });
  t.match(verify(view, {}, count('>=5')), { outcome: 'undecidable' });
  // A window that starts after the oldest request held cannot contain a dropped one.
  t.strictSame(verify(view, { since: entry(9).time }, count('2')), { outcome: 'verified', actual: 2 });
  t.match(verify(view, { since: entry(8).time }, count('3')), { outcome: 'undecidable' });
});

t.test('near misses: requests that differ in one member, not in the window', async (t) => {
  const entries = [
    entry(4, { status: 401 }),
    entry(3, { status: 401, operation: 'user' }),
    entry(2, { time: '2025-01-01T00:00:00.000Z' }),
    entry(1, { session: 's-2' }),
  ];
  const misses = nearMisses(entries, { status: 200, session: 's-2' }, 5);
  t.strictSame(
    misses.map((m) => [m.request.id, m.differs]),
    [[2, 'session']],
    '4 and 3 differ in two members, 1 matches',
  );
  const windowed = nearMisses(entries, { since: '2026-01-01T00:00:00.000Z' }, 5);
  t.strictSame(windowed, [], 'a request outside the window is no near miss');
  const statusOnly = nearMisses(entries, { status: 200 }, 1);
  t.strictSame(
    statusOnly.map((m) => [m.request.id, m.differs]),
    [[4, 'status']],
    'limited',
  );
});
