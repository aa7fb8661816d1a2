import t from 'tap';
import type { CaseResult, Failure } from '../model.js';
import { type Aspect, aspectOf, CAUSE_ORDER, CONSEQUENCES } from './causality.js';
import { allFindings, foldCase, foldFailures } from './fold.js';
import { reportOf } from './summary.js';

const step = 'refresh';
const f = (check: string, title: string, extra: Partial<Failure> = {}): Failure => ({
  check,
  title,
  message: `${title}!`,
  severity: 'must',
  step,
  curl: 'curl -sS -i -X POST http://x/refresh',
  ...extra,
});

// What a forced 500 on a refresh produced before folding (the example), plus a stack trace.
const forced500 = [
  f('not_a_server_error', 'Server error'),
  f('assertion', 'Unexpected HTTP status'),
  f('assertion', 'Refresh did not return the access token as a JSON string', { path: '' }),
  f('assertion', 'New access token is not a compact JWS', { path: '/token' }),
  f('response_schema_conformance', 'Response violates the documented schema', { path: '' }),
  f('no_stack_trace', 'Stack trace in response', { severity: 'should' }),
];

t.test('a forced 500: one root with its consequents, a stack trace stays a finding of its own', async (t) => {
  const folded = foldFailures(forced500);
  t.same(
    folded.map((x) => [x.title, (x.consequents ?? []).map((c) => c.title)]),
    [
      [
        'Server error',
        [
          'Unexpected HTTP status',
          'Refresh did not return the access token as a JSON string',
          'New access token is not a compact JWS',
          'Response violates the documented schema',
        ],
      ],
      ['Stack trace in response', []],
    ],
  );
  t.same(allFindings(folded).length, forced500.length, 'nothing is lost');
  t.same(
    new Set(allFindings(folded)),
    new Set(forced500.map((x) => (x.title === 'Server error' ? folded[0] : x))),
  );
  t.same(foldFailures(folded), folded, 'folding twice changes nothing');
});

t.test('findings of different steps are different responses: never folded together', async (t) => {
  const folded = foldFailures([
    f('not_a_server_error', 'Server error', { step: 'login' }),
    f('assertion', 'Unexpected HTTP status', { step: 'refresh' }),
    f('assertion', 'Body /token should be of type string', { step: 'refresh' }),
  ]);
  t.same(
    folded.map((x) => [x.step, x.title, x.consequents?.length ?? 0]),
    [
      ['login', 'Server error', 0],
      ['refresh', 'Unexpected HTTP status', 1],
    ],
  );
});

t.test('a documented but unexpected status keeps its own contract findings as roots', async (t) => {
  const folded = foldFailures([
    f('assertion', 'Unexpected HTTP status'),
    f('assertion', 'Body /access_token should be of type string'),
    f('response_schema_conformance', 'Response violates the documented schema'),
    f('capture', 'Expected value missing from the response'),
  ]);
  t.same(
    folded.map((x) => [x.title, (x.consequents ?? []).map((c) => c.check)]),
    [
      ['Unexpected HTTP status', ['assertion', 'capture']],
      ['Response violates the documented schema', []],
    ],
  );
});

t.test('an undocumented status makes the body and content checks moot', async (t) => {
  const folded = foldFailures([
    f('status_code_conformance', 'Undocumented HTTP status code'),
    f('assertion', 'Unexpected HTTP status'),
    f('content_type_conformance', 'Undocumented Content-Type'),
    f('response_schema_conformance', 'Response body is not valid JSON'),
    f('assertion', 'Response body is not JSON'),
  ]);
  t.equal(folded.length, 1);
  t.equal(folded[0]?.consequents?.length, 4);
});

t.test('a body that is not JSON explains the body assertions that cannot be checked', async (t) => {
  const folded = foldFailures([
    f('response_schema_conformance', 'Response body is not valid JSON'),
    f('assertion', 'Response body is not JSON', { path: '/a' }),
    f('assertion', 'Response body is not JSON', { path: '/b' }),
  ]);
  t.same(
    folded.map((x) => [x.title, x.consequents?.length]),
    [['Response body is not valid JSON', 2]],
  );
});

t.test('the root carries the highest severity of its group and keeps its own', async (t) => {
  const [root, ...rest] = foldFailures([
    f('assertion', 'Status differs from the expected one', { severity: 'should' }),
    f('assertion', 'Body /error/code should equal "invalidJwtToken"', { severity: 'must' }),
  ]);
  t.equal(rest.length, 0);
  t.equal(root?.severity, 'must', 'a must consequent is never hidden under a should');
  t.equal(root?.ownSeverity, 'should');
  const [plain] = foldFailures([
    f('not_a_server_error', 'Server error'),
    f('assertion', 'Unexpected HTTP status', { severity: 'should' }),
  ]);
  t.equal(plain?.severity, 'must');
  t.notOk('ownSeverity' in (plain ?? {}), 'no ownSeverity where it equals the severity');
});

t.test('a transport error, a crashed check, an unknown check', async (t) => {
  t.equal(aspectOf(f('transport', 'Connection refused')), 'transport');
  t.equal(aspectOf(f('not_a_server_error', 'Check crashed')), 'independent', 'a crash is no 5xx');
  t.equal(aspectOf(f('some_new_check', 'Anything')), 'independent', 'never folded away by accident');
  const [root] = foldFailures([
    f('transport', 'Connection refused'),
    f('no_stack_trace', 'Stack trace in response'),
  ]);
  t.equal(root?.consequents?.length, 1, 'a transport error makes everything consequent');
});

t.test('the causality rules are closed: a cause of a cause is a cause', async (t) => {
  // Object.entries widens the keys to string; CONSEQUENCES is a Record over Aspect.
  for (const [cause, moot] of Object.entries(CONSEQUENCES) as [Aspect, readonly Aspect[]][]) {
    t.notOk(moot.includes(cause), `${cause} is not its own consequent`);
    for (const m of moot)
      for (const further of CONSEQUENCES[m])
        t.ok(moot.includes(further), `${cause} → ${m} → ${further} implies ${cause} → ${further}`);
  }
  // Object.keys widens the keys to string, as above.
  for (const cause of Object.keys(CONSEQUENCES) as Aspect[])
    t.equal(
      CAUSE_ORDER.includes(cause),
      CONSEQUENCES[cause].length > 0,
      `${cause} in CAUSE_ORDER iff it causes`,
    );
});

const result = (failures: Failure[], status: CaseResult['status']): CaseResult => ({
  profile: 'vcf',
  id: `vcf.c-${status}`,
  title: 'c',
  severity: 'must',
  clauses: [],
  tags: [],
  status,
  failures,
  steps: [],
  durationMs: 1,
});

t.test('folding never changes a case status or the exit code', async (t) => {
  const hidden = [
    f('assertion', 'Status differs from the expected one', { severity: 'should' }),
    f('assertion', 'Body /error/code should equal "x"'),
  ];
  const cases = [result(forced500, 'failed'), result(hidden, 'failed')];
  const execution = {
    target: 'http://x',
    embeddedMock: false,
    seed: 1,
    strict: false,
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    profiles: ['vcf' as const],
  };
  const flat = reportOf({ ...execution, cases });
  const folded = reportOf({ ...execution, cases: cases.map(foldCase) });
  t.equal(flat.exitCode, 1);
  t.equal(folded.exitCode, flat.exitCode);
  t.equal(folded.exitReason, flat.exitReason);
  t.same(
    folded.cases.map((c) => c.status),
    ['failed', 'failed'],
  );
  t.same(
    folded.cases[1]?.failures.map((x) => x.severity),
    ['must'],
    'the only must finding is a consequent: its root is must',
  );
});
