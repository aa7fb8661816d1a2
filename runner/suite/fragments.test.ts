import t, { type Test } from 'tap';
import { SuiteError } from './error.js';
import { type JsonObject, resolveFragments } from './fragments.js';

type Data = Record<string, unknown>;
// The test data are JSON values written as object literals, which TypeScript types more loosely.
const resolve = (suite: Data) => resolveFragments('s.json', suite as JsonObject);
const clause = { kind: 'documented', source: 'Vendor API reference, "Refresh": Responses 401' };
const noToken = { path: '/token', exists: false, title: 'A refused request handed out a token' };
const refresh = {
  name: 'refresh',
  operation: 'refresh',
  request: { json: { token: '{{accessToken}}', refreshToken: '{{refreshToken}}' } },
  expect: { use: 'refused' },
};
const fragments = {
  clauses: { 'refresh-401': clause },
  assertions: { 'no-token': [noToken], refusal: [{ path: '/code', equals: 'E1' }, { use: 'no-token' }] },
  expects: { refused: { status: ['4XX'], preferStatus: [401], body: [{ use: 'refusal' }] } },
  steps: { 'refresh-refused': refresh },
};
/** A suite of one case with these steps (and clauses), using the fragments above unless told. */
const suite = (steps: unknown[], extra: Data = {}): Data => ({
  profile: 'flolive',
  fragments,
  cases: [{ id: 'p.op.x', title: 'x', clauses: ['refresh-401'], steps, ...extra }],
});
const failure = (t: Test, data: Data, pointer: string, message: RegExp) => {
  const error = t.throws(() => resolve(data));
  t.type(error, SuiteError);
  t.match(error, { pointer, message }, pointer);
};

t.test('each kind of reference resolves to what it names, written in place', async (t) => {
  const { suite: resolved, unused } = resolve(suite([{ use: 'refresh-refused' }]));
  t.same(unused, []);
  t.same(resolved, {
    profile: 'flolive',
    cases: [
      {
        id: 'p.op.x',
        title: 'x',
        clauses: [clause],
        steps: [
          {
            ...refresh,
            expect: {
              status: ['4XX'],
              preferStatus: [401],
              body: [{ path: '/code', equals: 'E1' }, noToken],
            },
          },
        ],
      },
    ],
  });
});

t.test('keys beside use replace the fragment’s own; with binds its variables', async (t) => {
  const { suite: resolved } = resolve(
    suite([
      {
        use: 'refresh-refused',
        name: 'refresh with a made-up refresh token',
        with: { refreshToken: 'not-{{refreshToken}}', accessToken: 42 },
        expect: { use: 'refused', preferStatus: [400], body: [{ use: 'no-token' }] },
      },
    ]),
  );
  t.same(resolved.cases, [
    {
      id: 'p.op.x',
      title: 'x',
      clauses: [clause],
      steps: [
        {
          name: 'refresh with a made-up refresh token',
          operation: 'refresh',
          // A whole placeholder takes the value as it is; the one left inside is filled at run time.
          request: { json: { token: 42, refreshToken: 'not-{{refreshToken}}' } },
          expect: { status: ['4XX'], preferStatus: [400], body: [noToken] },
        },
      ],
    },
  ]);
});

t.test('with reaches into the fragments a fragment uses', async (t) => {
  const data = suite([{ use: 'differs', with: { old: '{{refreshToken}}' } }]);
  data.fragments = {
    assertions: { rotated: [{ path: '/refreshToken', notEquals: 'prefix-{{old}}' }] },
    steps: { differs: { name: 'refresh', operation: 'refresh', expect: { body: [{ use: 'rotated' }] } } },
    clauses: { 'refresh-401': clause },
  };
  const steps = resolve(data).suite.cases;
  t.match(steps, [{ steps: [{ expect: { body: [{ notEquals: 'prefix-{{refreshToken}}' }] } }] }]);
});

t.test('a case that moves the clock requires a tokenrig mock; others are left as written', async (t) => {
  const clock = { name: 'wait past the lifetime', advanceClock: 901 };
  const { suite: resolved } = resolve({
    profile: 'flolive',
    cases: [
      { id: 'p.op.a', title: 'a', steps: [clock, { name: 's', operation: 'refresh' }] },
      { id: 'p.op.b', title: 'b', requires: ['tokenrig-admin'], steps: [clock] },
      { id: 'p.op.c', title: 'c', steps: [{ name: 's', operation: 'refresh' }] },
    ],
  });
  t.match(resolved.cases, [{ requires: ['tokenrig-admin'] }, { requires: ['tokenrig-admin'] }, {}]);
  const third = Array.isArray(resolved.cases) ? resolved.cases[2] : undefined;
  t.same(third, { id: 'p.op.c', title: 'c', steps: [{ name: 's', operation: 'refresh' }] }, 'no requires');
});

t.test('a reference that cannot resolve is a suite error at its pointer', async (t) => {
  failure(
    t,
    suite([{ use: 'refresh-refuse' }]),
    '/cases/0/steps/0/use',
    /no step fragment is named refresh-refuse \(there are refresh-refused\)/,
  );
  failure(
    t,
    suite([{ use: 'refused' }]),
    '/cases/0/steps/0/use',
    /refused is a expectation \(\/fragments\/expects\/refused\), not a step/,
  );
  failure(
    t,
    suite([{ use: 'refresh-refused' }], { clauses: ['refresh-401', 'refresh-404'] }),
    '/cases/0/clauses/1',
    /no clause fragment is named refresh-404/,
  );
  failure(
    t,
    suite([{ name: 's', operation: 'refresh', expect: { body: [{ use: 'refresh-401' }] } }]),
    '/cases/0/steps/0/expect/body/0/use',
    /refresh-401 is a clause .*, not a assertion list/,
  );
  failure(
    t,
    suite([{ use: 'refresh-refused', with: { refreshTokn: 'x' } }]),
    '/cases/0/steps/0/with/refreshTokn',
    /fragment refresh-refused has no \{\{refreshTokn\}\} to bind/,
  );
});

t.test('a fragment that uses itself, directly or not, is named with the loop', async (t) => {
  const data = suite([{ use: 'refresh-refused' }]);
  data.fragments = {
    ...fragments,
    assertions: { a: [{ use: 'b' }], b: [noToken, { use: 'a' }] },
    expects: { refused: { body: [{ use: 'a' }] } },
  };
  failure(t, data, '/fragments/assertions/b/1/use', /fragment a uses itself: a → b → a/);
  const self = suite([{ use: 'again' }]);
  self.fragments = { ...fragments, steps: { again: { use: 'again' } } };
  failure(t, self, '/fragments/steps/again/use', /fragment again uses itself: again → again/);
});

t.test('one name, one fragment, whatever its kind', async (t) => {
  const data = suite([{ use: 'refresh-refused' }]);
  data.fragments = { ...fragments, steps: { refused: refresh } };
  failure(
    t,
    data,
    '/fragments/expects/refused',
    /refused already names the step at \/fragments\/steps\/refused/,
  );
});

t.test('the bootstrap cannot move the clock, not even through a fragment', async (t) => {
  const data = suite([{ use: 'refresh-refused' }]);
  data.fragments = {
    ...fragments,
    steps: { ...fragments.steps, later: { name: 'later', advanceClock: 60 } },
  };
  data.bootstrap = { provides: ['accessToken'], steps: [{ use: 'later' }] };
  failure(t, data, '/bootstrap/steps/0', /a bootstrap cannot move the clock/);
});

t.test('an unused fragment is reported, and still checked', async (t) => {
  const data = suite([{ name: 's', operation: 'refresh' }]);
  const { unused } = resolve(data);
  t.same(
    unused.map((u) => u.pointer),
    [
      '/fragments/steps/refresh-refused',
      '/fragments/expects/refused',
      '/fragments/assertions/no-token',
      '/fragments/assertions/refusal',
    ],
    'the clause is used; a fragment only other unused fragments use is unused too',
  );
  data.fragments = { ...fragments, expects: { refused: { body: [{ use: 'nowhere' }] } } };
  failure(t, data, '/fragments/expects/refused/body/0/use', /no assertion list fragment is named nowhere/);
});

t.test('the resolved form remembers where each part was written', async (t) => {
  const { suite: resolved, origins } = resolve(
    suite([
      { name: 'first', operation: 'login' },
      { use: 'refresh-refused', name: 'second' },
    ]),
  );
  const at = (pointer: string) => origins.locate(resolved, pointer);
  t.equal(at('/cases/0/steps/0/operation'), '/cases/0/steps/0/operation', 'written in place');
  t.equal(at('/cases/0/steps/1'), '/cases/0/steps/1', 'a reference is where it is used');
  t.equal(at('/cases/0/steps/1/name'), '/cases/0/steps/1/name', 'a key beside use');
  t.equal(at('/cases/0/steps/1/operation'), '/fragments/steps/refresh-refused/operation');
  t.equal(at('/cases/0/steps/1/request/json/token'), '/fragments/steps/refresh-refused/request/json/token');
  t.equal(at('/cases/0/steps/1/expect/preferStatus/0'), '/fragments/expects/refused/preferStatus/0');
  t.equal(at('/cases/0/steps/1/expect/body/1/exists'), '/fragments/assertions/no-token/0/exists');
  t.equal(at('/cases/0/clauses/0/kind'), '/fragments/clauses/refresh-401/kind');
});
