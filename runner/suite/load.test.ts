import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { loadSuites, SuiteError } from './load.js';

const contracts = loadContracts(PROFILE_IDS);
const documented = { kind: 'documented', source: 'floLIVE knowledge base, "Refresh Token": Error Codes' };
const assumed = { kind: 'assumed', source: 'docs/profiles/flolive.md: the status of a NAK' };
const refresh = {
  name: 'refresh',
  operation: 'refresh',
  request: { json: { token: '{{accessToken}}', refreshToken: '{{refreshToken}}' } },
  expect: { status: [401], statusSeverity: 'should' },
};

/** The login that gives `refresh` its {{accessToken}} and {{refreshToken}}. */
const bootstrap = {
  provides: ['accessToken', 'refreshToken'],
  steps: [
    {
      name: 'create a token',
      operation: 'login',
      request: { json: { username: '{{username}}', password: '{{password}}' } },
      capture: { accessToken: '/content/0/token', refreshToken: '/content/0/refreshToken' },
    },
  ],
};

/** A flolive suite file in the test's folder: the fragments and cases given. */
function write(t: Test, fragments: object, cases: object[]): string {
  const file = join(t.testdir(), 'suite.json');
  writeFileSync(file, JSON.stringify({ profile: 'flolive', bootstrap, fragments, cases }));
  return file;
}
const kase = (steps: object[], extra: object = {}) => ({
  id: 'flolive.refresh.x',
  title: 'x',
  clauses: ['nak'],
  steps,
  ...extra,
});
function rejects(t: Test, file: string, pointer: string, message: RegExp): void {
  const error = t.throws(() => loadSuites([file], contracts));
  t.type(error, SuiteError);
  t.match(error, {
    pointer,
    message: new RegExp(`suite\\.json at ${pointer.replaceAll('/', '\\/')}: ${message.source}`),
  });
}

t.test('a suite with fragments loads in its resolved form, without warnings', async (t) => {
  const file = write(t, { clauses: { nak: documented }, steps: { refresh } }, [
    kase([
      { name: 'wait a day', advanceClock: 86400 },
      { use: 'refresh', name: 'refresh, a day later' },
    ]),
  ]);
  const [loaded] = loadSuites([file], contracts);
  t.same(loaded?.warnings, []);
  t.same(loaded?.suite.cases, [
    {
      ...kase([
        { name: 'wait a day', advanceClock: 86400 },
        { ...refresh, name: 'refresh, a day later' },
      ]),
      clauses: [documented],
      requires: ['tokenrig-admin'],
    },
  ]);
});

t.test('an unused fragment is a warning with its pointer', async (t) => {
  const file = write(t, { clauses: { nak: documented, spare: assumed } }, [kase([refresh])]);
  const [loaded] = loadSuites([file], contracts);
  t.match(loaded?.warnings, [
    {
      pointer: '/fragments/clauses/spare',
      message: /suite\.json at \/fragments\/clauses\/spare: fragment spare is not used/,
    },
  ]);
});

t.test('the schema rejects a typo in each new form, at its pointer as written', async (t) => {
  const clauses = { nak: documented };
  const typo = (t: Test, fragments: object, steps: object[], pointer: string, message: RegExp) =>
    rejects(t, write(t, { clauses, ...fragments }, [kase(steps)]), pointer, message);
  typo(
    t,
    {},
    [{ name: 'wait', advanceClok: 60 }],
    '/cases/0/steps/0',
    /must NOT have additional properties \(advanceClok\)/,
  );
  typo(t, {}, [{ name: 'wait', advanceClock: 0 }], '/cases/0/steps/0/advanceClock', /must be >= 1/);
  typo(
    t,
    {},
    [{ use: 'refresh', nme: 'x' }],
    '/cases/0/steps/0',
    /must NOT have additional properties \(nme\)/,
  );
  typo(
    t,
    { steps: { refresh: { ...refresh, expect: { statuz: [401] } } } },
    [{ use: 'refresh' }],
    '/fragments/steps/refresh/expect',
    /must NOT have additional properties \(statuz\)/,
  );
  typo(
    t,
    { steps: { Refresh: refresh } },
    [{ use: 'Refresh' }],
    '/fragments/steps/Refresh',
    /the name must match pattern/,
  );
  typo(
    t,
    {},
    [{ ...refresh, expect: { body: [{ use: 'x', path: '/a' }] } }],
    '/cases/0/steps/0/expect/body/0',
    /must NOT have additional properties \(path\)/,
  );
  typo(t, { fragment: {} }, [refresh], '/fragments', /must NOT have additional properties \(fragment\)/);
  typo(
    t,
    {},
    [{ ...refresh, expect: { status: [401], with: { a: 'b' } } }],
    '/cases/0/steps/0/expect',
    /must have property use when property with is present/,
  );
});

t.test('an error in the resolved form points at the fragment or the key that caused it', async (t) => {
  const clauses = { nak: documented };
  const typo = (t: Test, fragments: object, steps: object[], pointer: string, message: RegExp) =>
    rejects(t, write(t, { clauses, ...fragments }, [kase(steps)]), pointer, message);
  typo(
    t,
    { steps: { refresh: { ...refresh, operation: 'refrsh' } } },
    [{ use: 'refresh' }],
    '/fragments/steps/refresh/operation',
    /flolive has no operation refrsh/,
  );
  typo(
    t,
    { steps: { refresh } },
    [{ use: 'refresh', operation: 'refrsh' }],
    '/cases/0/steps/0/operation',
    /flolive has no operation refrsh/,
  );
  typo(
    t,
    { requests: { form: { form: { token: 'x' } } } },
    [{ ...refresh, request: { use: 'form', json: {} } }],
    '/fragments/requests/form/form',
    /boolean schema is false/,
  );
  typo(
    t,
    { expects: { refused: { status: ['4XX'], preferStatus: [401] } } },
    [{ ...refresh, expect: { use: 'refused', status: [400, 403] } }],
    '/fragments/expects/refused/preferStatus/0',
    /401 is not a status `status` allows \(400, 403\)/,
  );
  rejects(
    t,
    write(t, { clauses: { nak: assumed }, expects: { loud: { status: [401], severity: 'must' } } }, [
      kase([{ ...refresh, expect: { use: 'loud' } }], { severity: 'should' }),
    ]),
    '/fragments/expects/loud/severity',
    /a must expectation needs a clause of kind documented, reconstructed, standard/,
  );
  rejects(
    t,
    write(t, { clauses: { nak: documented } }, [kase([refresh]), kase([refresh])]),
    '/cases/1/id',
    /duplicate case id flolive\.refresh\.x/,
  );
});
