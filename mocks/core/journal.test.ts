import t from 'tap';
import { Journal, type JournalRecord } from './journal.js';

const entry = (id: number): JournalRecord => ({
  id,
  at: 0,
  method: 'POST',
  path: '/x',
  query: '',
  status: 200,
  durationMs: 1,
  profile: undefined,
  session: undefined,
  operation: undefined,
  fault: undefined,
  credential: undefined,
  expiresIn: undefined,
  retryAfter: undefined,
  forced: undefined,
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
  t.same(
    j.records().map((r) => r.id),
    [5, 6, 7],
    'records: the same ones, oldest first',
  );
  j.clear();
  t.same(j.records(), []);
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

t.test('an entry is shown with its ISO time and only the members its request had', (t) => {
  const j = new Journal(2);
  const at = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  j.record({ ...entry(1), at });
  j.record({ ...entry(2), at, profile: 'vcf', operation: 'refresh', fault: 'reset' });
  const time = '2026-01-02T03:04:05.006Z';
  const common = { method: 'POST', path: '/x', query: '', status: 200, durationMs: 1 };
  t.strictSame(j.entries(), [
    { id: 2, time, ...common, profile: 'vcf', operation: 'refresh', fault: 'reset', requestHeaders: {} },
    { id: 1, time, ...common, requestHeaders: {} },
  ]);
  t.end();
});

t.test('subscribers hear each entry as recorded, a clear and the end; unsubscribing stops it', (t) => {
  const j = new Journal(0);
  const heard: string[] = [];
  const listener = (name: string) => ({
    record: (e: { id: number; time: string }) => heard.push(`${name} ${e.id} ${e.time}`),
    clear: () => heard.push(`${name} clear`),
    end: () => heard.push(`${name} end`),
  });
  t.equal(j.listeners, 0);
  const stopA = j.subscribe(listener('a'));
  j.subscribe(listener('b'));
  t.equal(j.listeners, 2);
  // Even a journal that keeps nothing tells its listeners: the feed is not the ring.
  j.record({ ...entry(1), at: 0 });
  stopA();
  j.clear();
  j.record(entry(1));
  j.endSubscriptions();
  j.record(entry(2));
  t.same(heard, [
    'a 1 1970-01-01T00:00:00.000Z',
    'b 1 1970-01-01T00:00:00.000Z',
    'b clear',
    'b 1 1970-01-01T00:00:00.000Z',
    'b end',
  ]);
  t.equal(j.listeners, 0, 'ending forgets every listener');
  t.end();
});

t.test('what the client findings read is kept but never shown', (t) => {
  const j = new Journal(1);
  const credential = { kind: 'refresh', token: 'secret-token', state: 'active' } as const;
  j.record({ ...entry(1), credential, expiresIn: 60, retryAfter: '5' });
  t.equal(j.records()[0]?.credential, credential);
  t.notOk(JSON.stringify(j.entries()).includes('secret-token'), 'the entry shown leaves the token out');
  t.end();
});
