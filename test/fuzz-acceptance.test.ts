import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import { startBrokenTarget } from './fixtures/targets.js';
import { run } from './helpers/runner.js';

// The fuzz verdict's "Invalid request accepted" branch shown able to fail (fuzz.test.ts: the mock and a
// framework's statuses, where it must not fire). A file of its own: fuzz.test.ts's 10 000 requests
// already fill most of a file's time limit on a loaded machine.

t.test('a refresh that accepts invalid input: each generated invalid request is reported', async (t) => {
  const target = await startBrokenTarget('accepts-invalid-refresh', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const report = await run(target.url, ['kirjaswappi'], {
    grep: /\.negative-\d+$/,
    concurrency: 4,
    fuzz: 200,
  });
  t.equal(report.exitCode, EXIT.FAILURES, 'an accepted invalid request is a must');
  const failed = report.cases.filter((c) => c.status === 'failed').map((c) => c.id);
  const refreshes = report.cases.map((c) => c.id).filter((id) => id.startsWith('kirjaswappi.refresh.'));
  t.ok(refreshes.length >= 5, `${refreshes.length} generated refresh cases`);
  t.same(failed, refreshes, "exactly the refresh cases fail: the target's login still refuses");
  const findings = report.cases.flatMap((c) => c.failures);
  t.ok(
    findings.every(
      (f) => f.check === 'negative' && f.severity === 'must' && f.title === 'Invalid request accepted',
    ),
    'every finding is an invalid request accepted',
  );
  // Only the inputs documented as invalid: an odd but valid one ('survive') may get a 200.
  t.same([...new Set(findings.map((f) => /^Sent: (\S+) /.exec(f.message)?.[1]))].sort(), [
    'body:array',
    'body:deep-nesting',
    'body:empty',
    'body:not-json',
    'body:null',
    'jwt-bad-signature:refreshToken',
    'jwt-expired:refreshToken',
    'missing:refreshToken',
    'type:refreshToken:array',
    'type:refreshToken:boolean',
    'type:refreshToken:null',
    'type:refreshToken:number',
    'type:refreshToken:object',
  ]);
});
