import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import type { ProfileId } from '../schemas/load.js';
import { type Defect, startBrokenTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { contracts, failedIds, findings, flaggedBy, run, touchedBy } from './helpers/runner.js';

// Each check shown able to fail on a whole run: a defect warns or fails in exactly the cases it touches.

t.test('a JVM stack trace inside a JSON string member of an error is a should warning', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const reference = await run(mock.url, ['oracle-commerce']);
  // The cases the defect touches: those that get an error from the API (not from /__admin).
  const touched = reference.cases
    .filter((c) => c.steps.some((s) => (s.status ?? 0) >= 400 && !s.url.includes('/__admin')))
    .map((c) => c.id)
    .sort();
  t.ok(touched.length >= 5, `${touched.length} cases get an error`);

  const target = await startBrokenTarget('escaped-jvm-trace', { apis: ['oracle-commerce'] });
  t.teardown(() => target.close());
  const verify = await fetch(`${target.url}/ccstore/v1/verify`, { method: 'POST' });
  const text = await verify.text();
  t.match(
    text,
    '\\n\\tat atg.commerce.order.OrderTools.refresh(OrderTools.java:1042)',
    'escaped in the raw text',
  );
  t.notMatch(text, /\n/, 'no raw newline anywhere');

  const lenient = await run(target.url, ['oracle-commerce']);
  t.equal(lenient.exitCode, EXIT.OK, `without --strict: ${lenient.exitReason}`);
  t.same(
    [...new Set(findings(lenient))].filter((f) => !/no_stack_trace should Stack trace in response$/.test(f)),
    [],
    'the trace is the only finding',
  );
  t.same(
    lenient.cases
      .filter((c) => c.failures.some((f) => f.check === 'no_stack_trace'))
      .map((c) => c.id)
      .sort(),
    touched,
    'every case that gets an error warns',
  );
  const strict = await run(target.url, ['oracle-commerce'], { strict: true });
  t.equal(strict.exitCode, EXIT.FAILURES, 'with --strict: exit 1');
  t.same(failedIds(strict).sort(), touched, 'with --strict exactly those cases fail');
});

t.test('checks shown able to fail on a whole run: exactly the cases each defect touches fail', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const api = (s: { url: string }) => !s.url.includes('/__admin');
  const framework = new Set([405, 406, 411, 413, 414, 415, 431]);
  const expectations: [Defect, ProfileId, string, (s: { url: string; status?: number }) => boolean][] = [
    // Every case that gets a token answer: each login (the bootstrap's too) and refresh that succeeds.
    [
      'no-store-missing',
      'kirjaswappi',
      'cache_control_no_store',
      (s) => (s.status ?? 0) >= 200 && (s.status ?? 0) < 300,
    ],
    // Every case that gets an error Oracle documents (errorModel as application/json); a framework's
    // 405/415 is left to its own check. (KirjaSwappi documents `*/*`, so it could not fail there.)
    [
      'errors-as-text-plain',
      'oracle-commerce',
      'content_type_conformance',
      (s) => (s.status ?? 0) >= 400 && !framework.has(s.status ?? 0),
    ],
  ];
  for (const [defect, profile, check, touches] of expectations) {
    const reference = await run(mock.url, [profile]);
    const touched = reference.cases
      .filter((c) => c.steps.some((s) => api(s) && touches(s)))
      .map((c) => c.id)
      .sort();
    t.ok(touched.length >= 5, `${defect}: ${touched.length} cases to touch`);
    const target = await startBrokenTarget(defect, { apis: [profile] });
    const report = await run(target.url, [profile], { strict: true });
    await target.close();
    const flagged = report.cases
      .filter((c) => c.failures.some((f) => f.check === check))
      .map((c) => c.id)
      .sort();
    t.same(flagged, touched, `${defect}: ${check} fires in exactly the cases it touches`);
    t.same(failedIds(report).sort(), touched, `${defect}: with --strict exactly those cases fail`);
    t.ok(
      report.cases.every((c) => c.failures.every((f) => f.check === check)),
      `${defect}: nothing else is reported`,
    );
  }
});

t.test(
  'an error that repeats the refresh token it refuses warns in exactly the cases that send one',
  async (t) => {
    const target = await startBrokenTarget('echoes-token', { apis: ['kirjaswappi'] });
    t.teardown(() => target.close());
    const report = await run(target.url, ['kirjaswappi'], { strict: true });
    const echoed = report.cases
      .filter((c) => c.failures.some((f) => f.check === 'no_secret_echo'))
      .map((c) => c.id)
      .sort();
    // Only a token the run was given can be recognised as a secret: the access token sent as a refresh
    // token, the real one with a character added, the expired one and the one whose user was deleted.
    // Made-up strings are not secrets.
    t.same(echoed, [
      'kirjaswappi.refresh.access-token-as-refresh-token',
      'kirjaswappi.refresh.expired',
      'kirjaswappi.refresh.tampered-token',
      'kirjaswappi.refresh.user-deleted',
    ]);
    t.same(failedIds(report).sort(), echoed, 'with --strict exactly those fail');
    t.ok(
      report.cases.every((c) => c.failures.every((f) => f.check === 'no_secret_echo')),
      'nothing else',
    );
    t.notMatch(JSON.stringify(report), /eyJ[\w-]+\.[\w-]+\.[\w-]+/, 'the report itself stays redacted');
  },
);

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
