import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { EXIT } from '../runner/exit-codes.js';
import { type Defect, startBrokenTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { contracts, failedIds, run, suitesOf } from './helpers/runner.js';

// Broken targets fail exactly the cases that meet their defect; a documented latitude fails none.

t.test(
  'a broken target fails exactly the cases that meet the defect, with the expected titles',
  async (t) => {
    const [kirja] = suitesOf(['kirjaswappi']);
    const ids = (kirja?.cases ?? []).map((c) => c.id);
    const errorCases = ids.filter((id) => !/success|no-rotation|after-access-expiry|wrong-method/.test(id));
    const successCases = [
      'kirjaswappi.refresh.success',
      'kirjaswappi.refresh.no-rotation',
      'kirjaswappi.refresh.after-access-expiry',
    ];
    const refreshCases = ids.filter((id) => id.startsWith('kirjaswappi.refresh.'));
    const expectations: [Defect, string[], string][] = [
      ['wrong-envelope', errorCases, 'Response violates the documented schema'],
      ['undocumented-status', errorCases, 'Undocumented HTTP status code'],
      ['missing-field', successCases, 'Response violates the documented schema'],
      ['mistyped-field', successCases, 'Response violates the documented schema'],
      [
        '500-on-malformed',
        ['kirjaswappi.login.malformed-json', 'kirjaswappi.refresh.malformed-json'],
        'Server error',
      ],
      ['html-error', errorCases, 'Response body is not valid JSON'],
      ['hangs-on-refresh', refreshCases, 'No response within the timeout'],
    ];
    for (const [defect, expected, title] of expectations) {
      const target = await startBrokenTarget(defect, { apis: ['kirjaswappi'] });
      // Only the hanging target needs a short timeout; under load a 300 ms one would cut off the others.
      const timeoutMs = defect === 'hangs-on-refresh' ? 300 : 2000;
      const report = await run(target.url, ['kirjaswappi'], { timeoutMs });
      await target.close();
      t.equal(report.exitCode, EXIT.FAILURES, `${defect}: exit 1`);
      t.same(failedIds(report).sort(), [...expected].sort(), `${defect}: exactly the affected cases fail`);
      for (const c of report.cases.filter((c) => c.status === 'failed')) {
        t.ok(
          c.failures.some((f) => f.severity === 'must' && f.title === title),
          `${defect}: ${c.id} fails with "${title}"`,
        );
        for (const f of c.failures.filter((f) => f.check !== 'harness')) t.match(f.curl, /^curl -sS -i -X /);
      }
    }
  },
);

t.test('no false positive for a documented latitude', async (t) => {
  const swapped = await startBrokenTarget('swap-invalid-status', { apis: ['kirjaswappi'] });
  const kirja = await run(swapped.url, ['kirjaswappi']);
  await swapped.close();
  t.equal(kirja.exitCode, EXIT.OK, 'an invalid refresh token may get 401 instead of 400');

  const other = await startMockServer({
    port: 0,
    seed: SEED,
    contracts,
    settings: {
      'vcf.loginStatus': '201',
      'flolive.nakStatus': '200',
      'oracle-commerce.invalidateOldToken': 'true',
    },
  });
  t.teardown(() => other.close());
  const report = await run(other.url, ['vcf', 'flolive', 'oracle-commerce']);
  t.equal(
    report.exitCode,
    EXIT.OK,
    `VMware login 201, floLIVE NAK with HTTP 200, Oracle old token dead: ${report.exitReason}`,
  );
  t.same(failedIds(report), []);
  const warned = report.cases.filter((c) => c.failures.length > 0).map((c) => c.profile);
  t.ok(
    warned.every((p) => p === 'flolive'),
    'only the NAK status draws should-warnings',
  );
});

t.test(
  "a server with KirjaSwappi's real quirks fails where they break the documentation, never passes",
  async (t) => {
    // The mock with every quirk on is KirjaSwappi's own server as its code behaves: the runner must not
    // demand a quirk, and must report each one that breaks a documented fact or a universal rule.
    const mock = await startMockServer({
      port: 0,
      seed: SEED,
      contracts,
      apis: ['kirjaswappi'],
      quirks: ['kirjaswappi.all'],
    });
    t.teardown(() => mock.close());
    const report = await run(mock.url, ['kirjaswappi']);
    t.equal(report.exitCode, EXIT.FAILURES, report.exitReason);
    const malformed500 = [
      'kirjaswappi.refresh.invalid-token',
      'kirjaswappi.refresh.tampered-token',
      'kirjaswappi.refresh.expired',
    ];
    t.same(failedIds(report), malformed500, 'a 500 for a client error fails at must');
    for (const id of malformed500) {
      const titles = report.cases
        .find((c) => c.id === id)
        ?.failures.filter((f) => f.severity === 'must')
        .map((f) => f.title);
      t.ok(titles?.includes('Server error'), `${id}: reported as a server error (${titles?.join('; ')})`);
    }
    const strict = await run(mock.url, ['kirjaswappi'], { strict: true });
    const strictFailed = failedIds(strict);
    for (const id of [
      'kirjaswappi.login.wrong-media-type',
      'kirjaswappi.login.success-despite-stale-bearer',
    ]) {
      t.ok(
        strictFailed.includes(id),
        `${id}: the framework's 415 body / the stale-bearer 401 is a should finding`,
      );
    }
  },
);
