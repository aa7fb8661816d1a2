import t from 'tap';
import { createClock } from './clock.js';

t.test('advances ahead of the wall clock and resets', (t) => {
  let wall = 1_000_000;
  const clock = createClock(() => wall);
  t.equal(clock.now(), 1_000_000);
  clock.advance(90);
  t.equal(clock.now(), 1_090_000);
  wall += 5;
  t.equal(clock.now(), 1_090_005, 'still follows the wall clock');
  t.equal(clock.offsetSeconds(), 90);
  clock.reset();
  t.equal(clock.now(), 1_000_005);
  t.end();
});

t.test('refuses to go backwards or by garbage', (t) => {
  const clock = createClock(() => 0);
  t.throws(() => clock.advance(-1), RangeError);
  t.throws(() => clock.advance(Number.NaN), RangeError);
  t.throws(() => clock.advance(Number.POSITIVE_INFINITY), RangeError);
  t.equal(clock.now(), 0);
  t.end();
});
