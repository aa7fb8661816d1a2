import t from 'tap';
import { NamespacesFullError, NamespaceWorlds } from './namespace-worlds.js';

/** Worlds that are just their name and a serial number, on a clock the test moves. */
function worlds(max: number, idleMs = 1000) {
  let now = 1_000_000;
  let made = 0;
  const disposed: string[] = [];
  const registry = new NamespaceWorlds<{ name: string; serial: number }>({
    max,
    idleMs,
    now: () => now,
    create: (name) => ({ name, serial: ++made }),
    dispose: (world) => disposed.push(world.name),
  });
  return { registry, disposed, tick: (ms: number) => (now += ms), made: () => made };
}

t.test('a world is made on first use and kept', async (t) => {
  const { registry, made } = worlds(3);
  t.equal(registry.peek('a'), undefined, 'none before its first request');
  const a = registry.get('a');
  t.equal(registry.get('a'), a, 'the same world after');
  t.equal(made(), 1);
  t.equal(registry.size, 1);
  t.same(
    registry.list().map((e) => e.name),
    ['a'],
  );
});

t.test('at the cap the least recently used idle world makes room', async (t) => {
  const { registry, disposed, tick } = worlds(2, 1000);
  registry.get('a');
  tick(10);
  registry.get('b');
  tick(10);
  registry.get('a'); // a is now the more recent
  tick(2000);
  registry.get('c');
  t.same(disposed, ['b'], 'b, used least recently, was dropped');
  t.same(
    registry
      .list()
      .map((e) => e.name)
      .sort(),
    ['a', 'c'],
  );
  t.equal(registry.size, 2, 'never above the cap');
});

t.test('at the cap with every world in use, a new namespace is refused, clearly', async (t) => {
  const { registry, disposed, tick } = worlds(2, 60_000);
  registry.get('a');
  tick(5_000);
  registry.get('b');
  tick(1_000);
  const error = t.throws(() => registry.get('c')) as NamespacesFullError;
  t.type(error, NamespacesFullError);
  t.match(
    error.message,
    /all 2 namespaces are in use.*"a".*used 6 s ago.*DELETE \/__admin\/namespaces\/<name>/,
  );
  t.equal(error.retryAfterSeconds, 54, 'when the least recent one may be replaced');
  t.same(disposed, [], 'nothing dropped');
  t.equal(registry.peek('c'), undefined);
  tick(54_000);
  t.ok(registry.get('c'), 'once idle long enough, it makes room');
  t.same(disposed, ['a']);
});

t.test('delete, clear and a cap of 0', async (t) => {
  const { registry, disposed } = worlds(3);
  registry.get('a');
  registry.get('b');
  t.equal(registry.delete('a'), true);
  t.equal(registry.delete('a'), false, 'gone');
  registry.clear();
  t.same(disposed, ['a', 'b']);
  t.equal(registry.size, 0);
  const off = worlds(0).registry;
  t.throws(() => off.get('a'), { name: 'NamespacesFullError', message: /turned off.*--max-namespaces 0/ });
  t.throws(() => worlds(-1), RangeError);
  t.throws(() => worlds(1.5), RangeError);
});
