import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { type LoadedSuite, loadSuites, SUITES_DIR, SuiteError } from './load.js';

const contracts = loadContracts(PROFILE_IDS);
const clause = { kind: 'documented', source: 'floLIVE knowledge base, "Refresh Token": Error Codes' };
const login = (
  capture: object = { accessToken: '/content/0/token', refreshToken: '/content/0/refreshToken' },
) => ({
  name: 'create a token',
  operation: 'login',
  request: { json: { username: '{{username}}', password: '{{password}}' } },
  capture,
});
const bootstrap = { provides: ['accessToken', 'refreshToken'], steps: [login()] };
const refresh = (token = '{{accessToken}}', refreshToken = '{{refreshToken}}', extra: object = {}) => ({
  name: 'refresh',
  operation: 'refresh',
  request: { json: { token, refreshToken } },
  ...extra,
});
const kase = (steps: object[], extra: object = {}) => ({
  id: 'flolive.refresh.x',
  title: 'x',
  clauses: [clause],
  steps,
  ...extra,
});

/** A flolive suite file in the test's folder (the bootstrap above unless one is given). */
function write(t: Test, suite: object): string {
  const file = join(t.testdir(), 'suite.json');
  writeFileSync(file, JSON.stringify({ profile: 'flolive', bootstrap, ...suite }));
  return file;
}
const load = (file: string, vars: string[] = []): LoadedSuite[] => loadSuites([file], contracts, { vars });

/** The suite is refused, its first problem at `pointer` (into the file as written) saying `message`. */
function rejects(t: Test, file: string, pointer: string, message: RegExp, vars: string[] = []): SuiteError {
  const error = t.throws(() => load(file, vars)) as SuiteError;
  t.type(error, SuiteError);
  t.equal(error.pointer, pointer);
  t.match(
    error.message,
    new RegExp(`suite\\.json at ${pointer.replaceAll('/', '\\/')}: .*${message.source}`),
  );
  return error;
}

t.test('an undefined variable is named at its pointer, with the name it most likely meant', async (t) => {
  const typo = login();
  typo.request.json.username = '{{usernmae}}';
  rejects(
    t,
    write(t, { bootstrap: undefined, cases: [kase([typo], { session: false })] }),
    '/cases/0/steps/0/request/json/username',
    /\{\{usernmae\}\} is not defined: no built-in \(username, password, baseUrl, uuid\), earlier capture or --var \(none given\) has that name; did you mean `username`\? \(case flolive\.refresh\.x, step "create a token"\)/,
  );
  const fixed = write(t, { bootstrap: undefined, cases: [kase([login()], { session: false })] });
  t.same(load(fixed)[0]?.variables, { fromVars: [], session: [] });
});

t.test('a variable only --var can give: refused without it, accepted and reported with it', async (t) => {
  const file = write(t, {
    cases: [
      kase([
        refresh('{{accessToken}}', '{{refreshToken}}', {
          request: { json: {}, headers: { 'x-client': '{{clientId}}' } },
        }),
      ]),
    ],
  });
  rejects(
    t,
    file,
    '/cases/0/steps/0/request/headers/x-client',
    /\{\{clientId\}\} is not defined: .*; if it is an input, pass it with --var clientId=…/,
  );
  const [loaded] = load(file, ['clientId', 'unused']);
  t.same(loaded?.variables, { fromVars: ['clientId'], session: ['accessToken', 'refreshToken'] });
  rejects(
    t,
    file,
    '/cases/0/steps/0/request/headers/x-client',
    /--var \(given: clientIdd\).*did you mean `clientIdd`\?/,
    ['clientIdd'],
  );
});

t.test(
  'every field a run fills is checked: path, query, headers, cookies, form, body, bearer, assertions',
  async (t) => {
    const places: [string, object][] = [
      ['/request/path', { request: { method: 'GET', path: '/x/{{nope}}' }, operation: undefined }],
      [
        '/request/query/q',
        { request: { method: 'GET', path: '/x', query: { q: '{{nope}}' } }, operation: undefined },
      ],
      ['/request/cookies/c', { request: { cookies: { c: 'a{{nope}}' } } }],
      ['/request/form/f', { request: { form: { f: '{{ nope }}' } } }],
      ['/request/body', { request: { body: '{"x": "{{nope}}"}' } }],
      ['/request/bearer', { request: { bearer: '{{nope}}' } }],
      ['/request/json/a/0/b', { request: { json: { a: [{ b: '{{nope}}' }] } } }],
      ['/expect/body/0/equals', { expect: { body: [{ path: '/x', equals: '{{nope}}' }] } }],
      ['/expect/body/0/notEquals/k', { expect: { body: [{ path: '/x', notEquals: { k: '{{nope}}' } }] } }],
      ['/expect/body/0/oneOf/1', { expect: { body: [{ path: '/x', oneOf: ['a', '{{nope}}'] }] } }],
    ];
    for (const [at, change] of places) {
      rejects(
        t,
        write(t, { cases: [kase([{ ...refresh(), ...change }])] }),
        `/cases/0/steps/0${at}`,
        /\{\{nope\}\} is not defined/,
      );
    }
    const keysAndAnnounce = {
      ...refresh(),
      request: { json: { '{{notFilled}}': 'x' }, headers: { '{{notFilledEither}}': 'x' } },
      expect: { body: [{ path: '/{{asWritten}}', matches: '{{asWritten}}', exists: true }] },
      poll: { whileStatus: [401], announce: 'Open {{verification_url}}: a field of the pending answer' },
    };
    t.ok(
      load(write(t, { cases: [kase([keysAndAnnounce])] })),
      'keys, pointers, patterns and announcements are not filled',
    );
  },
);

t.test('a capture read too early or elsewhere is an unknown capture, and says where it is set', async (t) => {
  const captures = { capture: { newAccessToken: '/content/0/token' } };
  const next = refresh('{{newAccessToken}}');
  rejects(
    t,
    write(t, { cases: [kase([next, refresh(undefined, undefined, captures)])] }),
    '/cases/0/steps/0/request/json/token',
    /\{\{newAccessToken\}\} is read before it is captured: step 1 \("refresh"\) captures it, later/,
  );
  rejects(
    t,
    write(t, { cases: [kase([refresh('{{newAccessToken}}', undefined, captures)])] }),
    '/cases/0/steps/0/request/json/token',
    /is read by the step that captures it: a step's captures come from its own answer/,
  );
  const other = kase([refresh(undefined, undefined, captures)], { id: 'flolive.refresh.y' });
  rejects(
    t,
    write(t, { cases: [other, kase([next])] }),
    '/cases/1/steps/0/request/json/token',
    /is captured only by case flolive\.refresh\.y \(step "refresh"\): every case runs in a fresh session/,
  );
  t.ok(
    load(write(t, { cases: [kase([refresh(undefined, undefined, captures), next])] })),
    'captured first, read after',
  );
});

t.test('a case reads of the bootstrap only what it provides, and only with a session', async (t) => {
  const extra = {
    provides: ['accessToken', 'refreshToken'],
    steps: [
      login({
        accessToken: '/content/0/token',
        refreshToken: '/content/0/refreshToken',
        validity: '/content/0/validityTime',
      }),
    ],
  };
  const reads = kase([
    refresh(undefined, undefined, {
      expect: { body: [{ path: '/content/0/validityTime', equals: '{{validity}}' }] },
    }),
  ]);
  rejects(
    t,
    write(t, { bootstrap: extra, cases: [reads] }),
    '/cases/0/steps/0/expect/body/0/equals',
    /\{\{validity\}\} is captured by the bootstrap but not listed in its provides: a run given the session with --var skips the login/,
  );
  t.ok(
    load(write(t, { bootstrap: { ...extra, provides: [...extra.provides, 'validity'] }, cases: [reads] })),
    'listed in provides',
  );
  rejects(
    t,
    write(t, {
      cases: [kase([refresh()], { session: false }), kase([refresh()], { id: 'flolive.refresh.y' })],
    }),
    '/cases/0/steps/0/request/json/token',
    /\{\{accessToken\}\} comes from the bootstrap, which this case does not run \(session: false\)/,
  );
  rejects(
    t,
    write(t, {
      bootstrap: { ...bootstrap, provides: ['accessToken', 'refreshToken', 'sessionId'] },
      cases: [kase([refresh()])],
    }),
    '/bootstrap/provides/2',
    /the bootstrap provides sessionId, but none of its steps captures it/,
  );
  rejects(
    t,
    write(t, { bootstrap: { provides: [], steps: [refresh()] }, cases: [kase([refresh()])] }),
    '/bootstrap/steps/0/request/json/token',
    /\{\{accessToken\}\} is captured only by the bootstrap|is read by the step that captures it|is not defined/,
  );
});

t.test('a placeholder a fragment gets from `with` is reported at the `with`', async (t) => {
  const fragments = { steps: { refresh: refresh() } };
  rejects(
    t,
    write(t, { fragments, cases: [kase([{ use: 'refresh', with: { refreshToken: 'x{{refreshTokn}}' } }])] }),
    '/cases/0/steps/0/with/refreshToken',
    /\{\{refreshTokn\}\} is not defined: .*did you mean `refreshToken`\?/,
  );
  rejects(
    t,
    write(t, { fragments, cases: [kase([{ use: 'refresh', with: { refreshToken: { a: ['{{nope}}'] } } }])] }),
    '/cases/0/steps/0/with/refreshToken/a/0',
    /\{\{nope\}\} is not defined/,
  );
  const own = { steps: { refresh: refresh('{{acessToken}}') } };
  const twice = [kase([{ use: 'refresh' }]), kase([{ use: 'refresh' }], { id: 'flolive.refresh.y' })];
  const error = rejects(
    t,
    write(t, { fragments: own, cases: twice }),
    '/fragments/steps/refresh/request/json/token',
    /did you mean `accessToken`\? \(case flolive\.refresh\.x, step "refresh"\); also in 1 more case$/,
  );
  t.same(error.further, [], 'one problem, at the fragment, for both cases');
});

t.test('every such problem of a file is listed at once', async (t) => {
  const error = rejects(
    t,
    write(t, { cases: [kase([refresh('{{a}}', '{{b}}')])] }),
    '/cases/0/steps/0/request/json/token',
    /\{\{a\}\} is not defined/,
  );
  t.match(error.further, [
    { pointer: '/cases/0/steps/0/request/json/refreshToken', problem: /\{\{b\}\} is not defined/ },
  ]);
  t.match(
    error.message,
    /\n {2}.*suite\.json at \/cases\/0\/steps\/0\/request\/json\/refreshToken: \{\{b\}\}/,
  );
});

t.test('every shipped suite loads with no error and no warning', async (t) => {
  const loaded = loadSuites([SUITES_DIR], contracts);
  t.equal(loaded.length, PROFILE_IDS.length);
  for (const suite of loaded) {
    t.same(suite.warnings, [], `${suite.file}: no warning`);
    t.same(suite.variables.fromVars, [], `${suite.file}: needs no --var`);
  }
});
