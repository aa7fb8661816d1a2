import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import type { AssertionContext } from './assertion.js';
import {
  BODY_KEYWORDS,
  body,
  bodyExists,
  equals,
  matches,
  nonEmpty,
  notEquals,
  oneOf,
  type,
} from './body.js';

const vars = new Map<string, unknown>([['old', 'r1']]);
const context: AssertionContext = {
  severity: 'must',
  // Stands in for the session's templates: `{{old}}` is the previous refresh token.
  render: (v) => (v === '{{old}}' ? vars.get('old') : v),
  schemas: { has: () => false, get: () => undefined },
};
const found = (value: unknown) => ({ found: true as const, value });
const absent = { found: false as const };

t.test('each body keyword holds where it should and says what is wrong where not', async (t) => {
  const cases: [
    typeof bodyExists,
    Parameters<typeof bodyExists.problem>[1],
    typeof absent | ReturnType<typeof found>,
    string | undefined,
  ][] = [
    [bodyExists, { path: '/a', exists: true }, found(1), undefined],
    [bodyExists, { path: '/a', exists: true }, absent, 'is missing'],
    [bodyExists, { path: '/a', exists: false }, absent, undefined],
    [bodyExists, { path: '/a', exists: false }, found(null), 'is present'],
    [equals, { path: '/a', equals: { x: [1] } }, found({ x: [1] }), undefined],
    [equals, { path: '/a', equals: 'Bearer' }, found('bearer'), 'should equal "Bearer"'],
    [equals, { path: '/a', equals: '{{old}}' }, found('r1'), undefined],
    [notEquals, { path: '/a', notEquals: '{{old}}' }, found('r2'), undefined],
    [notEquals, { path: '/a', notEquals: '{{old}}' }, absent, undefined],
    [notEquals, { path: '/a', notEquals: '{{old}}' }, found('r1'), 'should differ from the previous value'],
    [oneOf, { path: '/a', oneOf: ['a', 'b'] }, found('b'), undefined],
    [oneOf, { path: '/a', oneOf: ['a', 'b'] }, found('c'), 'should be one of ["a","b"]'],
    [type, { path: '/a', type: 'integer' }, found(3), undefined],
    [type, { path: '/a', type: 'integer' }, found(3.5), 'should be of type integer'],
    [type, { path: '/a', type: 'null' }, absent, 'should be of type null'],
    [type, { path: '/a', type: 'object' }, found([]), 'should be of type object'],
    [matches, { path: '/a', matches: '^eyJ' }, found('eyJhbGci'), undefined],
    [matches, { path: '/a', matches: '^eyJ' }, found(42), 'should match /^eyJ/'],
    [nonEmpty, { path: '/a', nonEmpty: true }, found({ k: 1 }), undefined],
    [nonEmpty, { path: '/a', nonEmpty: true }, found(''), 'should not be empty'],
    [nonEmpty, { path: '/a', nonEmpty: true }, found([]), 'should not be empty'],
  ];
  for (const [keyword, assertion, at, problem] of cases) {
    t.equal(
      keyword.problem(at, assertion, context),
      problem,
      `${keyword.keyword} ${JSON.stringify(assertion)} on ${JSON.stringify(at)}`,
    );
  }
  t.same(
    BODY_KEYWORDS.map((k) => k.keyword),
    ['exists', 'equals', 'notEquals', 'oneOf', 'type', 'matches', 'nonEmpty'],
    'every keyword of a body assertion is listed',
  );
});

t.test('body: one failure per assertion, naming every broken keyword', async (t) => {
  const reply = exchange({ status: 200, text: '{"token_type":"bearer","expires_in":"3600"}' });
  t.same(body.run(reply, { body: [{ path: '/token_type', oneOf: ['bearer'] }] }, context), []);
  t.same(body.run(reply, { body: [{ path: '/expires_in', type: 'integer', equals: 3600 }] }, context), [
    {
      check: 'assertion',
      title: 'Body /expires_in should equal 3600',
      message: '/expires_in should equal 3600; should be of type integer / Received: "3600"',
      severity: 'must',
      path: '/expires_in',
      actual: '3600',
      expected: 3600,
    },
  ]);
  t.match(body.run(reply, { body: [{ path: '/missing', exists: true, severity: 'should' }] }, context), [
    {
      title: 'Body /missing is missing',
      message: '/missing is missing / Received: (absent)',
      severity: 'should',
    },
  ]);
});

t.test('body: a body that is not JSON fails every assertion but "must not exist"', async (t) => {
  const reply = exchange({ status: 500, text: '<html>' });
  t.same(body.run(reply, { body: [{ path: '/stack', exists: false }] }, context), []);
  t.match(body.run(reply, { body: [{ path: '', nonEmpty: true }] }, context), [
    { title: 'Response body is not JSON', message: /^Cannot check \(body\): /, path: '' },
  ]);
});
