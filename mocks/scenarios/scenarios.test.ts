import t, { type Test } from 'tap';
import { loadContracts, PROFILE_IDS, type ProfileId } from '../../schemas/load.js';
import { createClock } from '../core/clock.js';
import { MemorySessionStore } from '../core/session-store.js';
import { SCENARIOS } from './index.js';
import { ScenarioError, Scenarios, type ScenariosOptions } from './scenarios.js';

const contracts = loadContracts(PROFILE_IDS);
const SEED = 20261122;

function scenarios(
  initial: readonly string[] = [],
  { apis = PROFILE_IDS, ...rest }: Partial<ScenariosOptions> & { apis?: readonly ProfileId[] } = {},
): Scenarios {
  const clock = createClock();
  const profiles = apis.map((profile) => {
    const refresh = contracts.get(profile)?.operations.get('refresh');
    if (!refresh) throw new Error(`no refresh in ${profile}`);
    return { profile, refresh };
  });
  return new Scenarios(
    {
      definitions: SCENARIOS,
      profiles,
      clock,
      sessions: new MemorySessionStore({ clock }),
      seed: SEED,
      ...rest,
    },
    initial,
  );
}

/** The ScenarioError a call throws (a failure when it throws none). */
function refusal(t: Test, fn: () => unknown): ScenarioError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  t.fail('expected a ScenarioError');
  return undefined;
}

t.test('every scenario has a kebab-case name, a one-line summary and a description', async (t) => {
  t.ok(SCENARIOS.length >= 7);
  for (const s of SCENARIOS) {
    t.match(s.name, /^[a-z]+(-[a-z]+)*$/, s.name);
    t.ok(s.summary.length > 20 && s.summary.length <= 82 && !s.summary.includes('\n'), `${s.name} summary`);
    t.ok(s.description.length > s.summary.length, `${s.name} description`);
    if (s.parameter) t.ok(s.parameter.default >= s.parameter.min && s.parameter.default <= s.parameter.max);
  }
  t.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length, 'names are unique');
});

t.test('none on unless named; named ones on, with their value or default', async (t) => {
  const none = scenarios();
  t.equal(none.active, false);
  t.same(none.enabled(), []);
  t.equal(none.decide('vcf', 'refresh'), undefined);
  const some = scenarios(['short-lived', 'revoked=2']);
  t.equal(some.active, true);
  t.same(some.describeActive(), ['short-lived=5', 'revoked=2']);
  t.match(
    some.list().find((s) => s.name === 'revoked'),
    { active: true, value: 2 },
  );
});

t.test('an unknown name is refused with the closest one', async (t) => {
  const error = refusal(t, () => scenarios(['flaky-refrsh']));
  t.equal(error?.kind, 'unknown');
  t.match(
    error?.message,
    /no scenario "flaky-refrsh"; did you mean flaky-refresh\? scenarios are short-lived, /,
  );
  t.match(
    refusal(t, () => scenarios().switchOn('nothing-like-it'))?.message,
    /^no scenario "nothing-like-it"; scenarios are/,
  );
  t.equal(refusal(t, () => scenarios().switchOff('revokd'))?.kind, 'unknown');
});

t.test('a value outside the parameter is refused, saying what it takes', async (t) => {
  for (const spec of [
    'flaky-refresh=1.5',
    'flaky-refresh=',
    'short-lived=2.5',
    'revoked=0',
    'short-lived=abc',
  ]) {
    const error = refusal(t, () => scenarios([spec]));
    t.equal(error?.kind, 'invalid', spec);
  }
  t.match(
    refusal(t, () => scenarios(['flaky-refresh=1.5']))?.message,
    'flaky-refresh=<share> takes a number from 0 to 1, got "1.5"',
  );
  t.match(
    refusal(t, () => scenarios(['short-lived=2.5']))?.message,
    'short-lived=<seconds> takes a whole number from 1 to 86400',
  );
});

t.test('contradictions are refused, and a refused change leaves everything as it was', async (t) => {
  const twice = refusal(t, () => scenarios(['revoked=2', 'revoked=3']));
  t.equal(twice?.kind, 'conflict');
  t.match(twice?.message, 'given twice, with 2 and 3');
  t.same(scenarios(['revoked=2', 'revoked=2']).enabled(), ['revoked'], 'the same value twice is one');

  const shares = refusal(t, () => scenarios(['flaky-refresh=0.7', 'lost-refresh=0.5']));
  t.equal(shares?.kind, 'conflict');
  t.match(shares?.message, 'flaky-refresh=0.7 + lost-refresh=0.5 claim more than every refresh (1.2)');
  t.same(scenarios(['flaky-refresh=0.5', 'lost-refresh=0.5']).enabled(), ['flaky-refresh', 'lost-refresh']);

  const fixed = refusal(t, () => scenarios(['short-lived'], { fixedSettings: new Set(['vcf.accessTtl']) }));
  t.equal(fixed?.kind, 'conflict');
  t.match(
    fixed?.message,
    'short-lived sets accessTtl, which --access-ttl or --set vcf.accessTtl already sets',
  );

  const live = scenarios(['flaky-refresh=0.6']);
  t.equal(refusal(t, () => live.switchOn('lost-refresh=0.5'))?.kind, 'conflict');
  t.same(live.enabled(), ['flaky-refresh'], 'unchanged after the refusal');
  t.same(live.describeActive(), ['flaky-refresh=0.6']);
});

t.test('a scenario no mounted profile can take is refused; on others it leaves those alone', async (t) => {
  const error = refusal(t, () => scenarios(['rate-limited'], { apis: ['vcf', 'kirjaswappi'] }));
  t.equal(error?.kind, 'invalid');
  t.match(
    error?.message,
    'rate-limited applies to none of the mounted profiles (vcf: its refresh documents no 429; kirjaswappi: its refresh documents no 429)',
  );
  const all = scenarios(['rate-limited']);
  const state = all.list().find((s) => s.name === 'rate-limited');
  t.same(state?.profiles, ['dreadnode'], 'only Dreadnode documents a 429 for its refresh');
  t.same(
    state?.notOn.map((n) => n.profile),
    ['vcf', 'oracle-commerce', 'flolive', 'kirjaswappi'],
  );
  t.equal(all.decide('dreadnode', 'refresh'), undefined, 'the first refresh of a minute is admitted');
  t.match(all.decide('dreadnode', 'refresh'), { names: ['rate-limited'], directives: { code: 429 } });
  for (const profile of ['vcf', 'oracle-commerce', 'flolive', 'kirjaswappi'] as const) {
    t.equal(all.decide(profile, 'refresh'), undefined, `${profile}: never a 429`);
    t.equal(all.decide(profile, 'refresh'), undefined, `${profile}: never a 429, twice`);
  }
});

t.test('settings are live: switching a scenario changes what a profile reads next', async (t) => {
  const s = scenarios();
  const config = s.live('vcf', { accessTtl: 3600, refreshTtl: 86_400, loginStatus: 200 });
  t.equal(config.accessTtl, 3600);
  s.switchOn('short-lived=7');
  t.equal(config.accessTtl, 7);
  t.equal(config.refreshTtl, 86_400, 'the other lifetime is left alone');
  t.equal(config.loginStatus, 200);
  s.switchOn('short-session=9');
  t.same([config.accessTtl, config.refreshTtl], [7, 9]);
  t.equal(s.switchOff('short-lived'), true);
  t.equal(config.accessTtl, 3600, 'off: the profile default again');
  t.equal(s.switchOff('short-lived'), false, 'switching off what is off says so');
  s.clear();
  t.equal(config.refreshTtl, 86_400);
  t.equal(s.active, false);
});

t.test('reset returns to the start-up scenarios, each starting afresh', async (t) => {
  const s = scenarios(['rate-limited=1']);
  t.equal(s.decide('dreadnode', 'refresh'), undefined);
  t.match(s.decide('dreadnode', 'refresh'), { directives: { code: 429 } }, 'the quota is used up');
  s.switchOff('rate-limited');
  s.switchOn('slow-refresh=10');
  s.reset();
  t.same(s.enabled(), ['rate-limited']);
  t.equal(s.decide('dreadnode', 'refresh'), undefined, 'a fresh window after the reset');
});

t.test('only refreshes are touched', async (t) => {
  const s = scenarios(['flaky-refresh=1', 'slow-refresh=10']);
  t.equal(s.decide('vcf', 'login'), undefined);
  t.equal(s.decide('dreadnode', 'user'), undefined);
  t.match(s.decide('vcf', 'refresh'), {
    names: ['slow-refresh', 'flaky-refresh'],
    directives: { delayMs: 10 },
  });
});

t.test('shares split one seeded draw per refresh; the same seed fails the same refreshes', async (t) => {
  const outcomes = (s: Scenarios) =>
    Array.from({ length: 2000 }, () => s.decide('vcf', 'refresh')?.names.join(',') ?? 'ok');
  const run = outcomes(scenarios(['flaky-refresh=0.3', 'lost-refresh=0.2']));
  const count = (name: string) => run.filter((o) => o === name).length;
  t.ok(Math.abs(count('flaky-refresh') / 2000 - 0.3) < 0.04, `flaky share ${count('flaky-refresh')}/2000`);
  t.ok(Math.abs(count('lost-refresh') / 2000 - 0.2) < 0.04, `lost share ${count('lost-refresh')}/2000`);
  t.equal(
    count('ok') + count('flaky-refresh') + count('lost-refresh'),
    2000,
    'one scenario at most per refresh',
  );
  t.same(outcomes(scenarios(['flaky-refresh=0.3', 'lost-refresh=0.2'])), run, 'replayed by the seed');
  t.not(
    outcomes(scenarios(['flaky-refresh=0.3', 'lost-refresh=0.2'], { seed: SEED + 1 })).join(),
    run.join(),
    'another seed, other refreshes',
  );
  const none = outcomes(scenarios(['flaky-refresh=0']));
  t.ok(
    none.every((o) => o === 'ok'),
    'a share of 0 fails none',
  );
});
