import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import { type Defect, startBrokenTarget } from './fixtures/targets.js';
import { failedIds, findings, postJson, run } from './helpers/runner.js';

// Servers that differ from the mock where the vendor's documentation leaves room: each passes.

t.test('Oracle servers with the error formats of Oracle\'s "Error messages" page pass', async (t) => {
  const formats: [Defect, readonly string[]][] = [
    ['oracle-plain-errors', ['errorCode', 'message', 'status']],
    ['oracle-multiple-errors', ['errors', 'message', 'status']],
  ];
  for (const [defect, members] of formats) {
    const target = await startBrokenTarget(defect, { apis: ['oracle-commerce'] });
    t.teardown(() => target.close());
    const verify = await fetch(`${target.url}/ccstore/v1/verify`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token' },
    });
    // An error of tokenrig's own Oracle mock, rewritten by the target: a JSON object.
    const error = (await verify.json()) as Record<string, unknown>;
    t.same(Object.keys(error).sort(), members, `${defect}: the target answers in that format and no other`);
    t.equal(error.status, '401', `${defect}: status is a string`);

    const report = await run(target.url, ['oracle-commerce'], { strict: true });
    t.equal(report.exitCode, EXIT.OK, `${defect}: ${report.exitReason}`);
    t.same(findings(report), [], `${defect}: not even a should finding`);
  }
});

t.test('a VMware server whose revoke answers 204 again for an unknown or revoked id passes', async (t) => {
  const target = await startBrokenTarget('vcf-idempotent-revoke', { apis: ['vcf'] });
  t.teardown(() => target.close());
  const revoke = await fetch(`${target.url}/v1/tokens/refresh-token`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify('3f0c2a8e-0000-4000-8000-000000000000'),
  });
  t.equal(revoke.status, 204, 'the target revokes an unknown id with 204');

  const report = await run(target.url, ['vcf']);
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.same(failedIds(report), []);
  t.ok(
    report.cases.every((c) => c.failures.every((f) => f.severity === 'should')),
    'nothing at must: VMware documents 204 only',
  );
  const warned = report.cases.filter((c) => c.failures.length > 0).map((c) => c.id);
  t.ok(
    warned.length > 0 && warned.every((id) => id.startsWith('vcf.revoke.')),
    `the assumed 404 is a should, in revoke cases only: ${warned.join(', ')}`,
  );
});

t.test('a KirjaSwappi server whose access tokens carry no jti and repeat passes --strict', async (t) => {
  const target = await startBrokenTarget('kirjaswappi-repeated-tokens', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const login = await postJson(`${target.url}/api/v1/authenticate`, { username: 'demo', password: 'demo' });
  // Answers of tokenrig's own KirjaSwappi mock: the shapes its schemas document for 200.
  const { jwtToken, refreshToken } = login.json as { jwtToken: string; refreshToken: string };
  const refreshed = await postJson(`${target.url}/api/v1/authenticate/refresh`, { refreshToken });
  t.same(refreshed.json, { jwtToken }, 'the refreshed token is the very same');
  const claims = Buffer.from(jwtToken.split('.')[1] ?? '', 'base64url').toString('utf8');
  t.match(claims, '"sub":"demo"', 'a token of the mock, re-signed');
  t.notMatch(claims, '"jti"', 'no jti');

  // The defect re-signs with the mock's own world's key: the run stays in that world, no namespace.
  const report = await run(target.url, ['kirjaswappi'], { strict: true, namespace: false });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.same(findings(report), [], 'not even a should finding');
});
