import { join } from 'node:path';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { loadContracts, PROFILE_IDS } from '../schemas/load.js';
import { startBrokenTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { runQuietly } from './helpers/run.js';

const COUNT = 10_000;

t.test(
  `${COUNT} generated malformed requests across every operation: no crash, no 5xx, all documented`,
  async (t) => {
    const contracts = loadContracts(PROFILE_IDS);
    const errors: unknown[] = [];
    const mock = await startMockServer({ port: 0, seed: SEED, contracts, logError: (e) => errors.push(e) });
    t.teardown(() => mock.close());
    const report = await runQuietly(
      mock.url,
      loadSuites([SUITES_DIR], contracts).map((s) => s.suite),
      contracts,
      {
        embeddedMock: true,
        strict: true,
        // Only the generated cases: the suites' own cases are tested elsewhere.
        grep: /\.negative-\d+$/,
        concurrency: 8,
        timeoutMs: 5000,
        fuzz: COUNT,
      },
    );
    const negative = report.cases.filter((c) => c.tags.includes('negative'));
    const sent = negative.flatMap((c) => c.steps.filter((s) => s.name.startsWith('negative')));
    t.equal(sent.length, COUNT, 'every generated request was sent');
    const statuses: Record<string, number> = {};
    for (const s of sent) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
    t.comment(`statuses: ${JSON.stringify(statuses)}`);
    t.ok(
      sent.every((s) => s.status !== undefined && s.status < 500),
      'no 5xx and no transport failure',
    );
    const findings = negative.flatMap((c) => c.failures.map((f) => `${c.id} ${f.title}: ${f.message}`));
    t.same(
      findings.slice(0, 20),
      [],
      'every answer documented, schema-valid, and no invalid input accepted (--strict)',
    );
    t.equal(report.exitCode, EXIT.OK, report.exitReason);
    t.same(errors, [], 'the mock logged no unexpected error (a crash inside a handler)');

    const covered = new Set(negative.map((c) => c.id.replace(/\.negative-\d+$/, '')));
    const all = [...contracts.values()].flatMap((c) => [...c.operations.keys()].map((op) => `${c.id}.${op}`));
    t.same([...covered].sort(), all.sort(), 'every operation of every profile was fuzzed');
  },
);

t.test('a framework status for a generated request is a rejection, and only a should', async (t) => {
  const contracts = loadContracts(['vcf']);
  const target = await startBrokenTarget('framework-statuses', { apis: ['vcf'], contracts });
  t.teardown(() => target.close());
  const report = await runQuietly(
    target.url,
    loadSuites([join(SUITES_DIR, 'vcf')], contracts).map((s) => s.suite),
    contracts,
    { grep: /\.negative-\d+$/, concurrency: 4, fuzz: 600 },
  );
  const sent = report.cases.flatMap((c) => c.steps.filter((s) => s.name.startsWith('negative')));
  const statuses = new Set(sent.map((s) => s.status));
  t.ok(
    statuses.has(413) && statuses.has(415),
    `the target answered 413 and 415: ${[...statuses].join(', ')}`,
  );
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  const findings = report.cases.flatMap((c) => c.failures);
  t.same(
    [...new Set(findings.map((f) => `${f.check} ${f.severity} ${f.title}`))],
    ['framework_status should Undocumented framework status'],
    "the undocumented code is the only finding, at should; Spring's body fits VMware's all-optional Error",
  );
  t.ok(
    findings.some((f) => /^Received: 413 .*\[input: 2 000 nested arrays\]$/.test(f.message)),
    'an input that must be rejected was rejected by the framework: no "Invalid request accepted"',
  );
});
