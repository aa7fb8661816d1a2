import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import { type Defect, startBrokenTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { contracts, failedIds, flaggedBy, run, touchedBy } from './helpers/runner.js';

t.test('a stack trace, plain or JSON-escaped, warns in exactly the cases that get an error', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const touched = touchedBy(await run(mock.url, ['oracle-commerce']), (s) => (s.status ?? 0) >= 400);
  t.ok(touched.length >= 5, `${touched.length} cases get an error`);
  // The plain trace is found in the raw text; the escaped one only once its `\n` are undone, which
  // is the check's second branch.
  const traces: [Defect, string, RegExp][] = [
    [
      'plain-stack-trace',
      '"    at Object.refresh (/srv/storefront/routes/refresh.js:42:17)"',
      /^Received: a Node\.js stack trace \(/,
    ],
    [
      'escaped-node-trace',
      '\\n    at Object.refresh (',
      /^Received: a Node\.js stack trace inside an escaped string \(/,
    ],
  ];
  for (const [defect, excerpt, message] of traces) {
    const target = await startBrokenTarget(defect, { apis: ['oracle-commerce'] });
    const verify = await (await fetch(`${target.url}/ccstore/v1/verify`, { method: 'POST' })).text();
    t.match(verify, excerpt, `${defect}: the trace as the body carries it`);
    const lenient = await run(target.url, ['oracle-commerce']);
    const strict = await run(target.url, ['oracle-commerce'], { strict: true });
    await target.close();
    t.equal(lenient.exitCode, EXIT.OK, `${defect}: a should, so no failure without --strict`);
    t.same(flaggedBy(strict, 'no_stack_trace'), touched, `${defect}: every case that gets an error warns`);
    t.same(failedIds(strict).sort(), touched, `${defect}: with --strict exactly those cases fail`);
    t.ok(
      strict.cases.every((c) =>
        c.failures.every((f) => f.check === 'no_stack_trace' && message.test(f.message)),
      ),
      `${defect}: nothing else is reported, and the trace is found where it is (${message.source})`,
    );
  }
});

t.test('a successful refresh labelled text/plain fails exactly the cases that refresh', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const refreshes = touchedBy(
    await run(mock.url, ['oracle-commerce']),
    (s) => s.url.endsWith('/ccstore/v1/refresh') && (s.status ?? 0) >= 200 && (s.status ?? 0) < 300,
  );
  t.same(refreshes, [
    'oracle-commerce.refresh.empty-form-body',
    'oracle-commerce.refresh.empty-object-body',
    'oracle-commerce.refresh.restarts-clock',
    'oracle-commerce.refresh.success',
  ]);
  const target = await startBrokenTarget('refresh-as-text-plain', { apis: ['oracle-commerce'] });
  t.teardown(() => target.close());
  const report = await run(target.url, ['oracle-commerce']);
  t.equal(report.exitCode, EXIT.FAILURES, 'Oracle documents application/json: a must');
  t.same(failedIds(report).sort(), refreshes, 'exactly the cases whose refresh succeeds fail');
  t.same(flaggedBy(report, 'content_type_conformance'), refreshes);
  t.ok(
    report.cases.every((c) =>
      c.failures.every(
        (f) =>
          f.check === 'content_type_conformance' &&
          f.severity === 'must' &&
          f.message === 'Received: text/plain; charset=utf-8 / Documented: application/json',
      ),
    ),
    'nothing else is reported: the body is still the documented JSON',
  );
});
