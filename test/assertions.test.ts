import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import type {
  BodyAssertion,
  HeaderAssertion,
  StatusPattern,
  Suite,
  SuiteCase,
} from '../runner/suite/types.js';
import { loadContracts } from '../schemas/load.js';
import { SEED } from './helpers/mock.js';
import { runQuietly } from './helpers/run.js';

/**
 * Every assertion keyword of a suite step shown able to fail: each is used once where it holds and once
 * where it does not, on a real KirjaSwappi login answer (`{jwtToken, refreshToken}`), and only the
 * second case may fail, with a message naming what was wrong.
 */
const contracts = loadContracts(['kirjaswappi']);
const clauses = [{ kind: 'standard' as const, source: 'tokenrig assertion keywords (test)' }];

function loginCase(
  id: string,
  expect: {
    body?: BodyAssertion[];
    headers?: HeaderAssertion[];
    status?: StatusPattern[];
  },
): SuiteCase {
  return {
    id: `kirjaswappi.assertion.${id}`,
    title: id,
    severity: 'must',
    clauses,
    session: false,
    steps: [
      {
        name: 'log in',
        operation: 'login',
        request: { json: { username: '{{username}}', password: '{{password}}' } },
        expect: {
          status: expect.status ?? [200],
          ...(expect.body ? { body: expect.body } : {}),
          ...(expect.headers ? { headers: expect.headers } : {}),
        },
      },
    ],
  };
}

/** keyword → [an assertion that holds, one that does not, the message the failing one must give] */
const KEYWORDS: Record<
  string,
  [
    BodyAssertion | HeaderAssertion | StatusPattern[],
    BodyAssertion | HeaderAssertion | StatusPattern[],
    RegExp,
  ]
> = {
  equals: [{ path: '/jwtToken', exists: true }, { path: '/jwtToken', equals: 'x' }, /should equal "x"/],
  oneOf: [
    { path: '/jwtToken', type: 'string' },
    { path: '/jwtToken', oneOf: ['a', 'b'] },
    /should be one of \["a","b"\]/,
  ],
  type: [
    { path: '/jwtToken', type: 'string' },
    { path: '/jwtToken', type: 'integer' },
    /should be of type integer/,
  ],
  matches: [
    { path: '/jwtToken', matches: '^eyJ' },
    { path: '/jwtToken', matches: '^zzz' },
    /should match \/\^zzz\//,
  ],
  existsTrue: [{ path: '/refreshToken', exists: true }, { path: '/nope', exists: true }, /is missing/],
  existsFalse: [{ path: '/nope', exists: false }, { path: '/jwtToken', exists: false }, /is present/],
  nonEmpty: [{ path: '/jwtToken', nonEmpty: true }, { path: '/nope', nonEmpty: true }, /should not be empty/],
  headerExists: [
    { name: 'content-type', exists: true },
    { name: 'x-nope', exists: true },
    /x-nope: \(absent\)/,
  ],
  headerMatches: [
    { name: 'content-type', matches: 'json' },
    { name: 'content-type', matches: '^text/' },
    /matching \/\^text\/\//,
  ],
  status: [['2XX'], [401, '4XX'], /Received: 200 \/ Expected: 401, 4XX/],
};

function expectOf(a: BodyAssertion | HeaderAssertion | StatusPattern[]) {
  if (Array.isArray(a)) return { status: a };
  return 'name' in a ? { headers: [a] } : { body: [a] };
}

t.test(
  'every assertion keyword passes where it holds and fails, saying why, where it does not',
  async (t) => {
    const mock = await startMockServer({ port: 0, seed: SEED, contracts, apis: ['kirjaswappi'] });
    t.teardown(() => mock.close());
    const cases: SuiteCase[] = [];
    for (const [keyword, [holds, breaks]] of Object.entries(KEYWORDS)) {
      cases.push(
        loginCase(`${keyword}.holds`, expectOf(holds)),
        loginCase(`${keyword}.breaks`, expectOf(breaks)),
      );
    }
    // notEquals compares with an earlier value: the health answer's `/status` is "ok".
    const health = (id: string, notEquals: string): SuiteCase => ({
      ...loginCase(id, {}),
      steps: [
        {
          name: 'health',
          request: { method: 'GET', path: '/__admin/health' },
          expect: { body: [{ path: '/status', notEquals }] },
        },
      ],
    });
    cases.push(health('notEquals.holds', 'down'), health('notEquals.breaks', 'ok'));
    const suite: Suite = { profile: 'kirjaswappi', cases };
    const report = await runQuietly(mock.url, [suite], contracts);
    const messages = {
      ...Object.fromEntries(Object.entries(KEYWORDS).map(([k, [, , m]]) => [k, m])),
      notEquals: /should differ from the previous value/,
    };
    for (const [keyword, message] of Object.entries(messages)) {
      const holds = report.cases.find((c) => c.id === `kirjaswappi.assertion.${keyword}.holds`);
      const breaks = report.cases.find((c) => c.id === `kirjaswappi.assertion.${keyword}.breaks`);
      t.equal(holds?.status, 'passed', `${keyword}: passes where it holds`);
      t.equal(breaks?.status, 'failed', `${keyword}: fails where it does not`);
      const found = breaks?.failures.filter((f) => f.check === 'assertion').map((f) => f.message) ?? [];
      t.ok(
        found.some((m) => message.test(m)),
        `${keyword}: ${found.join(' | ')}`,
      );
    }
  },
);
