import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import { type Defect, startBrokenTarget } from './fixtures/targets.js';
import { failedIds, findings, postJson, run } from './helpers/runner.js';

t.test('a refresh that accepts invalid input fails exactly the cases that send it', async (t) => {
  const target = await startBrokenTarget('accepts-invalid-refresh', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const missing = await postJson(`${target.url}/api/v1/authenticate/refresh`, {});
  t.equal(missing.status, 200, 'the target accepts a refresh without a refreshToken');
  t.match(missing.json, { jwtToken: /^eyJ/ }, 'and hands out an access token');

  const report = await run(target.url, ['kirjaswappi']);
  t.equal(report.exitCode, EXIT.FAILURES, report.exitReason);
  const refused = [
    'kirjaswappi.refresh.access-token-as-refresh-token',
    'kirjaswappi.refresh.expired',
    'kirjaswappi.refresh.invalid-token',
    'kirjaswappi.refresh.malformed-json',
    'kirjaswappi.refresh.missing-field',
    'kirjaswappi.refresh.tampered-token',
    'kirjaswappi.refresh.user-deleted',
  ];
  t.same(failedIds(report).sort(), refused, 'exactly the cases whose refresh must be refused fail');
  for (const c of report.cases.filter((c) => c.status === 'failed')) {
    t.ok(
      c.failures.some(
        (f) =>
          f.severity === 'must' && f.title === 'Unexpected HTTP status' && /^Received: 200 /.test(f.message),
      ),
      `${c.id}: the 200 is a must failure`,
    );
  }
  t.ok(
    report.cases.every((c) => c.failures.every((f) => f.check === 'assertion')),
    "only the cases' own assertions fail: the answer is a documented 200",
  );
});

t.test('a rotating profile that stops rotating fails exactly its rotation and reuse cases', async (t) => {
  const profiles: [Defect, 'dreadnode' | 'flolive', number, string[], string][] = [
    [
      'dreadnode-stops-rotating',
      'dreadnode',
      // Dreadnode's rotation is inferred from its client, its reuse detection assumed: should findings.
      EXIT.OK,
      [
        'dreadnode.refresh.body',
        'dreadnode.refresh.cookie',
        'dreadnode.refresh.reuse-revokes-family',
        'dreadnode.refresh.rotation',
      ],
      'Refresh token was not rotated',
    ],
    [
      'flolive-stops-rotating',
      'flolive',
      // floLIVE documents that a refresh creates a new refresh token: a must.
      EXIT.FAILURES,
      [
        'flolive.refresh.old-pair-rejected',
        'flolive.refresh.reuse-revokes-family',
        'flolive.refresh.success',
      ],
      'Refresh did not create a new refresh token',
    ],
  ];
  const flolive = await startBrokenTarget('flolive-stops-rotating', { apis: ['flolive'] });
  const token = `${flolive.url}/api/v2/auth/token`;
  const login = await postJson(token, { username: 'demo', password: 'demo' });
  // floLIVE's ACK, as its schema documents it for 200 (the fixture is the mock underneath).
  const pairOf = (json: unknown) =>
    (json as { content: { token: string; refreshToken: string }[] }).content[0] ?? {
      token: '',
      refreshToken: '',
    };
  let pair = pairOf(login.json);
  const held = pair.refreshToken;
  for (let i = 0; i < 2; i++) {
    const res = await fetch(token, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pair),
    });
    pair = pairOf(await res.json());
    t.equal(pair.refreshToken, held, `refresh ${i + 1}: the same refresh token again, and it keeps working`);
  }
  await flolive.close();
  for (const [defect, profile, lenientExit, expected, title] of profiles) {
    const target = await startBrokenTarget(defect, { apis: [profile] });
    const lenient = await run(target.url, [profile]);
    const strict = await run(target.url, [profile], { strict: true });
    await target.close();
    t.equal(lenient.exitCode, lenientExit, `${defect}: without --strict, ${lenient.exitReason}`);
    t.same(
      lenient.cases
        .filter((c) => c.failures.length > 0)
        .map((c) => c.id)
        .sort(),
      expected,
      `${defect}: findings in exactly the rotation and reuse cases`,
    );
    t.same(failedIds(strict).sort(), expected, `${defect}: with --strict exactly those cases fail`);
    t.ok(
      findings(strict).some((f) => f.endsWith(title)),
      `${defect}: "${title}" is among them`,
    );
    t.ok(
      strict.cases.every((c) => c.failures.every((f) => f.check === 'assertion')),
      `${defect}: only the cases' own assertions fail`,
    );
  }
});
