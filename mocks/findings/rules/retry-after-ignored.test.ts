import t from 'tap';
import { retryAfterMs } from './retry-after-ignored.js';

t.test('Retry-After: delay-seconds or an HTTP-date, anything else unreadable', (t) => {
  const at = Date.UTC(2026, 11, 2, 12, 0, 0);
  t.equal(retryAfterMs('30', at), 30_000);
  t.equal(retryAfterMs(' 0 ', at), 0);
  t.equal(retryAfterMs('Wed, 02 Dec 2026 12:00:45 GMT', at), 45_000);
  t.equal(retryAfterMs('Wed, 02 Dec 2026 11:00:00 GMT', at), 0, 'a date already past asks for no wait');
  t.equal(retryAfterMs('soon', at), undefined);
  t.equal(retryAfterMs('-5', at), undefined);
  t.end();
});
