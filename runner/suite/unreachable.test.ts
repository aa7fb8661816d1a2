import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { loadSuites, SuiteError } from './load.js';

const contracts = loadContracts(PROFILE_IDS);
const clause = { kind: 'documented', source: 'floLIVE knowledge base, "Create Token": Success ACK content' };
const login = (extra: object = {}) => ({
  name: 'create a token',
  operation: 'login',
  request: { json: { username: '{{username}}', password: '{{password}}' } },
  capture: { accessToken: '/content/0/token', refreshToken: '/content/0/refreshToken' },
  ...extra,
});
const use = {
  name: 'refresh',
  operation: 'refresh',
  request: { json: { token: '{{accessToken}}', refreshToken: '{{refreshToken}}' } },
};
const bootstrap = { provides: ['accessToken', 'refreshToken'], steps: [login()] };
const kase = (steps: object[], extra: object = {}) => ({
  id: 'flolive.login.x',
  title: 'x',
  clauses: [clause],
  session: false,
  steps,
  ...extra,
});

function write(t: Test, suite: object): string {
  const file = join(t.testdir(), 'suite.json');
  writeFileSync(file, JSON.stringify({ profile: 'flolive', ...suite }));
  return file;
}
const loads = (t: Test, suite: object, why: string) => t.ok(loadSuites([write(t, suite)], contracts), why);
function rejects(t: Test, suite: object, pointer: string, message: RegExp): void {
  const error = t.throws(() => loadSuites([write(t, suite)], contracts));
  t.type(error, SuiteError);
  t.match(error, { pointer, further: [] });
  t.match((error as Error).message, message);
}

t.test('a bootstrap no case uses is unreachable', async (t) => {
  rejects(
    t,
    { bootstrap, cases: [kase([login()])] },
    '/bootstrap',
    /no case uses the bootstrap: every case has session: false/,
  );
  loads(
    t,
    { bootstrap, cases: [kase([login()]), kase([use], { id: 'flolive.refresh.x', session: true })] },
    'one case uses it',
  );
  loads(t, { cases: [kase([login()])] }, 'no bootstrap, no session');
});

t.test('steps after a capture the expected answer cannot hold are unreachable', async (t) => {
  const at = '/cases/0/steps/0/capture/accessToken';
  const expecting = (expect: object, extra: object = {}) => ({
    cases: [kase([login({ expect, ...extra }), use])],
  });
  rejects(
    t,
    expecting({ body: [{ path: '/content/0/token', exists: false }] }),
    at,
    /capture accessToken cannot succeed when the step gets the answer it expects: expect\.body\/0 says \/content\/0\/token does not exist; case flolive\.login\.x stops here, so the step after it never runs/,
  );
  rejects(
    t,
    expecting({ body: [{ path: '/content', exists: false }] }),
    at,
    /expect\.body\/0 says \/content does not exist/,
  );
  rejects(
    t,
    expecting({ body: [{ path: '', exists: false }] }),
    at,
    /expect\.body\/0 says the body does not exist/,
  );
  rejects(
    t,
    expecting({ body: [{ path: '/content', type: 'string' }] }),
    at,
    /expect\.body\/0 says \/content is a string, which holds no \/content\/0\/token/,
  );
  rejects(t, expecting({ status: [204] }), at, /every status the step accepts \(204\) comes without a body/);
  rejects(
    t,
    expecting({ status: ['1XX', 304] }),
    at,
    /every status the step accepts \(1XX, 304\) comes without a body/,
  );
  rejects(
    t,
    expecting({}, { request: { method: 'HEAD', path: '/api/v2/auth/token' }, operation: undefined }),
    at,
    /the answer to a HEAD request has no body/,
  );
  loads(t, expecting({ body: [{ path: '/content/0/token', exists: true }] }), 'asserted present');
  loads(
    t,
    expecting({ body: [{ path: '/content/0/token', type: 'string' }] }),
    'the value itself may be a scalar',
  );
  loads(t, expecting({ body: [{ path: '/cont', exists: false }] }), '/cont is not an ancestor of /content');
  loads(t, expecting({ status: [200, 204] }), 'one accepted status has a body');
});

t.test('a header or cookie capture the expected answer cannot hold', async (t) => {
  const step = (capture: object, headers: object[]) =>
    kase([{ ...login(), capture: { ...login().capture, ...capture }, expect: { headers } }, use]);
  const at = '/cases/0/steps/0/capture/etag';
  rejects(
    t,
    { cases: [step({ etag: 'header:ETag' }, [{ name: 'etag', exists: false }])] },
    at,
    /expect\.headers\/0 says the answer has no etag header/,
  );
  rejects(
    t,
    { cases: [step({ etag: 'cookie:session' }, [{ name: 'Set-Cookie', exists: false }])] },
    at,
    /no set-cookie header/,
  );
  loads(
    t,
    {
      cases: [
        step({ etag: 'header:ETag' }, [
          { name: 'etag', exists: true },
          { name: 'x-other', exists: false },
        ]),
      ],
    },
    'only the header captured counts',
  );
});

t.test('the last step and the bootstrap are reported too, with what stops', async (t) => {
  const never = { body: [{ path: '/content', exists: false }] };
  rejects(
    t,
    { cases: [kase([login({ expect: never })])] },
    '/cases/0/steps/0/capture/accessToken',
    /; case flolive\.login\.x stops here$/,
  );
  rejects(
    t,
    {
      bootstrap: { ...bootstrap, steps: [login({ expect: never })] },
      cases: [kase([use], { session: true })],
    },
    '/bootstrap/steps/0/capture/accessToken',
    /; every login stops here$/,
  );
});
