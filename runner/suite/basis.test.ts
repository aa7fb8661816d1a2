import t from 'tap';
import type { Clause } from '../model.js';
import { basisProblem } from './basis.js';
import type { Step, SuiteCase } from './types.js';

const documented: Clause = { kind: 'documented', source: 'Vendor API reference, "Refresh": Responses 404' };
const standard: Clause = { kind: 'standard', source: 'RFC 9110 §15.6' };
const reconstructed: Clause = { kind: 'reconstructed', source: 'docs/profiles/dreadnode.md: field names' };
const observed: Clause = { kind: 'observed', source: 'vendor/cli api.py' };
const assumed: Clause = { kind: 'assumed', source: 'docs/profiles/vcf.md: unknown id → 404' };

const step = (expect: Step['expect'] = { status: [404] }): Step => ({
  name: 's',
  operation: 'refresh',
  expect,
});
const kase = (extra: Partial<SuiteCase>): SuiteCase => ({
  id: 'p.op.x',
  title: 'x',
  steps: [step()],
  ...extra,
});

t.test('a must case needs a documented, reconstructed or standard clause', async (t) => {
  for (const clause of [documented, standard, reconstructed]) {
    t.equal(basisProblem(kase({ severity: 'must', clauses: [assumed, clause] })), undefined, clause.kind);
  }
  t.match(basisProblem(kase({ severity: 'must', clauses: [observed, assumed] })), {
    pointer: '/severity',
    problem:
      /^a must case needs a clause of kind documented, reconstructed, standard; case p\.op\.x cites only observed, assumed facts/,
  });
  t.match(
    basisProblem(kase({ clauses: [assumed] })),
    { pointer: '', problem: /a case \(must by default\)/ },
    'severity defaults to must',
  );
  t.match(basisProblem(kase({ severity: 'must' })), { problem: /cites no clause/ });
});

t.test('a should case may rest on anything, unless something inside it is raised to must', async (t) => {
  t.equal(basisProblem(kase({ severity: 'should', clauses: [assumed] })), undefined);
  t.equal(basisProblem(kase({ severity: 'should' })), undefined, 'not even a clause is needed');
  const raised: [Step['expect'], string][] = [
    [{ status: [404], severity: 'must' }, '/steps/1/expect/severity'],
    [{ status: ['4XX'], statusSeverity: 'must' }, '/steps/1/expect/statusSeverity'],
    [
      { body: [{ path: '/a' }, { path: '/b', exists: true, severity: 'must' }] },
      '/steps/1/expect/body/1/severity',
    ],
    [{ headers: [{ name: 'x', exists: true, severity: 'must' }] }, '/steps/1/expect/headers/0/severity'],
  ];
  for (const [expect, pointer] of raised) {
    const c = kase({ severity: 'should', clauses: [observed], steps: [step({}), step(expect)] });
    t.match(basisProblem(c), { pointer, problem: /^a must expectation needs a clause of kind/ }, pointer);
    t.equal(
      basisProblem({ ...c, clauses: [observed, standard] }),
      undefined,
      `${pointer} with a standard clause`,
    );
  }
  t.equal(
    basisProblem(
      kase({
        severity: 'should',
        steps: [step({ status: [404], severity: 'should', statusSeverity: 'should' })],
      }),
    ),
    undefined,
    'an explicit should stays a should',
  );
});
