import { join } from 'node:path';
import t, { type Test } from 'tap';
import { quietRunOptions } from '../runner/quiet.js';
import { execute } from '../runner/run/execute.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import type { Suite } from '../runner/suite/types.js';
import { loadContracts } from '../schemas/load.js';
import { type SpawnedMock, spawnMock } from './helpers/spawn.js';

const contracts = loadContracts(['dreadnode']);

/** The Dreadnode suite as shipped, its polls every 20 ms instead of 5 s (the person here is quick). */
function dreadnodeSuite(): Suite {
  const [loaded] = loadSuites([join(SUITES_DIR, 'dreadnode')], contracts);
  if (!loaded) throw new Error('no Dreadnode suite');
  const quick = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(quick);
    if (value === null || typeof value !== 'object') return value;
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, quick(v)]));
    return 'whileStatus' in out ? { ...out, intervalMs: 20 } : out;
  };
  // The same data with one number changed: still a Suite.
  return quick(loaded.suite) as Suite;
}

async function manualMock(t: Test): Promise<SpawnedMock> {
  const mock = await spawnMock([
    '--port',
    '0',
    '--quiet',
    '--api',
    'dreadnode',
    '--set',
    'dreadnode.deviceApproval=manual',
  ]);
  t.teardown(() => {
    mock.child.kill();
  });
  return mock;
}

/**
 * A person at the approval page: opens the page the run shows, approves its code a moment after it
 * appears, and notes how many codes were waiting at once. The page is the announced one: a run against
 * a running mock is in a namespace of its own, and the page is under its prefix.
 */
function person() {
  const seen = { announced: [] as string[], codes: [] as string[], waiting: 0, mostWaiting: 0, approved: 0 };
  const approvals: Promise<void>[] = [];
  const announce = (text: string) => {
    const [, page, code] = /Open (\S+) and enter the code (\S+)/.exec(text) ?? [];
    if (!page || !code) {
      seen.announced.push(text);
      return;
    }
    seen.codes.push(code);
    seen.waiting++;
    seen.mostWaiting = Math.max(seen.mostWaiting, seen.waiting);
    approvals.push(
      (async () => {
        // Long enough for a second login running beside this one to show its code too.
        await new Promise((r) => setTimeout(r, 100));
        const { origin, pathname } = new URL(page);
        const res = await fetch(`${origin}${pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ code }).toString(),
        });
        if (res.ok) seen.approved++;
        seen.waiting--;
      })(),
    );
  };
  return { seen, announce, settled: () => Promise.all(approvals) };
}

const announcedCount = (lines: readonly string[]): number =>
  lines.reduce((n, l) => n + Number(/asks a person for (\d+) device approval/.exec(l)?.[1] ?? 0), 0);

t.test('against a server a person approves: one code at a time, as many as announced', async (t) => {
  const mock = await manualMock(t);
  const p = person();
  const execution = await execute(
    quietRunOptions(mock.url, [dreadnodeSuite()], contracts, { timeoutMs: 5000 }),
    {
      announce: p.announce,
    },
  );
  await p.settled();
  t.equal(p.seen.announced.length, 1, 'one up-front line');
  t.match(
    p.seen.announced[0],
    /^tokenrig: dreadnode asks a person for \d+ device approvals, one at a time \(1 login shared/,
  );
  t.equal(
    p.seen.codes.length,
    announcedCount(p.seen.announced),
    'the run asked for as many approvals as it said',
  );
  t.equal(p.seen.mostWaiting, 1, 'never two codes waiting at once');
  t.equal(p.seen.approved, p.seen.codes.length);
  // The shared login, the device login's own case, the three clock cases and the three destructive ones.
  t.equal(p.seen.codes.length, 8, 'not one login per case');
  const failed = execution.cases.filter((c) => c.status === 'failed').map((c) => c.id);
  t.same(failed, [], 'every case passes on the shared session as it did on its own');
  t.equal(new Set(p.seen.codes).size, p.seen.codes.length, 'each code shown once');
});

t.test('--no-destructive: those cases are skipped with their reason, and not counted', async (t) => {
  const mock = await manualMock(t);
  const p = person();
  const execution = await execute(
    quietRunOptions(mock.url, [dreadnodeSuite()], contracts, { timeoutMs: 5000, destructive: false }),
    { announce: p.announce },
  );
  await p.settled();
  const skipped = execution.cases.filter((c) => c.status === 'skipped');
  t.same(skipped.map((c) => c.id).sort(), [
    'dreadnode.refresh.reuse-revokes-family',
    'dreadnode.refresh.rotation',
    'dreadnode.user.cookie-refresh',
  ]);
  for (const c of skipped)
    t.match(c.reason, /^destructive \(.*reuse detection.*\); --no-destructive skips it$/);
  t.equal(p.seen.codes.length, 5);
  t.equal(p.seen.codes.length, announcedCount(p.seen.announced));
  t.equal(p.seen.mostWaiting, 1);
});

t.test('a suite without session marks: a login per case, still one code at a time', async (t) => {
  const mock = await manualMock(t);
  const p = person();
  const suite = dreadnodeSuite();
  // Every case back to a login of its own, as before the suite was marked: those run side by side.
  const unmarked: Suite = {
    ...suite,
    cases: suite.cases.map(({ session, handsBack: _h, destructive: _d, ...c }) => ({
      ...c,
      ...(session === false ? { session } : {}),
    })),
  };
  await execute(quietRunOptions(mock.url, [unmarked], contracts, { timeoutMs: 5000 }), {
    announce: p.announce,
  });
  await p.settled();
  t.ok(p.seen.codes.length > 8, `${p.seen.codes.length} approvals`);
  t.equal(p.seen.codes.length, announcedCount(p.seen.announced));
  t.equal(p.seen.mostWaiting, 1, 'never two codes waiting at once');
});
