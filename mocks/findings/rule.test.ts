import t from 'tap';
import type { JournalRecord } from '../core/journal.js';
import { clientHistory, rejected } from './history.js';
import { count, issuerBefore } from './rule.js';

const record = (id: number, at: number, more: Partial<JournalRecord> = {}): JournalRecord => ({
  id,
  at,
  method: 'POST',
  path: '/x',
  query: '',
  status: 200,
  durationMs: 2,
  profile: 'kirjaswappi',
  operation: 'refresh',
  fault: undefined,
  forced: undefined,
  session: 's1',
  credential: undefined,
  expiresIn: undefined,
  retryAfter: undefined,
  requestHeaders: {},
  ...more,
});

t.test('count says "1 refresh", "2 refreshes", "3 times"', (t) => {
  t.equal(count(1, 'refresh'), '1 refresh');
  t.equal(count(2, 'refresh'), '2 refreshes');
  t.equal(count(3, 'time'), '3 times');
  t.equal(count(0, 'request'), '0 requests');
  t.end();
});

t.test('a dead token is a 4xx other than 408, 425 and 429', (t) => {
  t.strictSame([400, 401, 403, 404, 408, 425, 429, 500, 200].filter(rejected), [400, 401, 403, 404]);
  t.end();
});

t.test('the issuer of the current access token: the newest earlier 2xx that issued one', (t) => {
  const history = clientHistory([
    record(1, 1000, { operation: 'login', expiresIn: 300 }),
    record(2, 5000, { expiresIn: 300 }),
    record(3, 9000, { status: 401 }),
    // Answered in the same millisecond as it was sent: never its own issuer.
    record(4, 9001, { expiresIn: 300, durationMs: 0.4 }),
  ]);
  const family = history.families.get('s1') ?? [];
  const nth = (i: number) => {
    const r = family[i];
    if (!r) throw new Error(`no request ${i}`);
    return r;
  };
  t.equal(issuerBefore(family, nth(0)), undefined, 'nothing before the login');
  t.equal(issuerBefore(family, nth(2))?.record.id, 2, 'the refresh, not the login');
  t.equal(issuerBefore(family, nth(3))?.record.id, 2, 'a request is never its own issuer');
  t.equal(family[1]?.startedAt, 4998, 'a request started its duration before it was answered');
  t.end();
});
