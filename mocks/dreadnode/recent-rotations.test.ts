import t from 'tap';
import { createClock } from '../core/clock.js';
import { RecentRotations, type Successor } from './recent-rotations.js';

const at = (rotatedAt: number, name: string): Successor => ({
  access: `a-${name}`,
  refresh: `r-${name}`,
  accessExpiresAt: rotatedAt + 3_600_000,
  refreshExpiresAt: rotatedAt + 604_800_000,
  rotatedAt,
});

t.test('a successor is found while its rotation is younger than the window', async (t) => {
  const clock = createClock(() => 0);
  const rotations = new RecentRotations({ windowMs: 10_000, max: 100, clock });
  rotations.record('old', at(clock.now(), 'new'));
  t.equal(rotations.successorOf('old')?.refresh, 'r-new');
  t.equal(rotations.successorOf('other'), undefined, 'only for the rotated token');
  clock.advance(9.999);
  t.equal(rotations.successorOf('old')?.refresh, 'r-new', 'just inside');
  clock.advance(0.001);
  t.equal(rotations.successorOf('old'), undefined, 'at the window: gone');
});

t.test('old rotations are pruned, and a flood keeps at most max', async (t) => {
  const clock = createClock(() => 0);
  const rotations = new RecentRotations({ windowMs: 10_000, max: 3, clock });
  for (const name of ['a', 'b', 'c']) rotations.record(name, at(clock.now(), name));
  t.equal(rotations.size, 3);
  rotations.record('d', at(clock.now(), 'd'));
  t.equal(rotations.size, 3, 'the cap holds');
  t.equal(rotations.successorOf('a'), undefined, 'the oldest went first');
  t.equal(rotations.successorOf('d')?.refresh, 'r-d');
  clock.advance(10);
  rotations.record('e', at(clock.now(), 'e'));
  t.equal(rotations.size, 1, 'rotations past the window are dropped when the next is recorded');
});

t.test('a window of 0 remembers nothing', async (t) => {
  const rotations = new RecentRotations({ windowMs: 0, max: 3, clock: createClock(() => 0) });
  rotations.record('a', at(0, 'a'));
  t.equal(rotations.size, 0);
  t.equal(rotations.successorOf('a'), undefined);
});

t.test('a long run of rotations keeps the window right after the queue is compacted', async (t) => {
  const clock = createClock(() => 0);
  const rotations = new RecentRotations({ windowMs: 1_000, max: 20_000, clock });
  // 100 rotations per 0.1 s over 5 s: about 1 000 inside the window at a time, 4 000 pruned.
  for (let i = 0; i < 5_000; i++) {
    if (i % 100 === 0) clock.advance(0.1);
    rotations.record(`t${i}`, at(clock.now(), `n${i}`));
  }
  t.equal(rotations.size, 1_000, 'only the last second of rotations');
  t.equal(rotations.successorOf('t3999'), undefined, 'just past the window');
  t.equal(rotations.successorOf('t4000')?.refresh, 'r-n4000', 'the oldest inside it');
  t.equal(rotations.successorOf('t4999')?.refresh, 'r-n4999');
  rotations.record('t4000', at(clock.now(), 'again'));
  t.equal(rotations.size, 1_000, 'recording a token again replaces its successor');
  t.equal(rotations.successorOf('t4000')?.refresh, 'r-again');
});
