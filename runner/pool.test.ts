import t from 'tap';
import { pool } from './pool.js';

t.test('every item once, in order of start, never more than the concurrency at once', async (t) => {
  const started: number[] = [];
  let inFlight = 0;
  let most = 0;
  await pool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    started.push(n);
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, (8 - n) * 2));
    inFlight--;
  });
  t.strictSame(started, [1, 2, 3, 4, 5, 6, 7]);
  t.equal(most, 3);
});

t.test('no items, no work; a concurrency below one still makes progress', async (t) => {
  let calls = 0;
  await pool([], 4, async () => {
    calls++;
  });
  t.equal(calls, 0);
  await pool(['a', 'b'], 0, async () => {
    calls++;
  });
  t.equal(calls, 2);
});
