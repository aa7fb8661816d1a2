import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import type { RunOptions } from '../runner/executor.js';
import { EXIT } from '../runner/exit-codes.js';
import type { RunReport } from '../runner/model.js';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import type { Suite } from '../runner/suite/types.js';
import { loadContracts, PROFILE_IDS, type ProfileId } from '../schemas/load.js';
import { type Defect, startBrokenTarget, startSilentTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { runQuietly } from './helpers/run.js';

const contracts = loadContracts(PROFILE_IDS);

/** Each profile's shipped suites, loaded on first use: a test needs only the profiles it runs. */
const loaded = new Map<ProfileId, readonly Suite[]>();
function suitesOf(apis: readonly ProfileId[]): Suite[] {
  return apis.flatMap((api) => {
    let suites = loaded.get(api);
    if (!suites) {
      suites = loadSuites([join(SUITES_DIR, api)], contracts).map((s) => s.suite);
      loaded.set(api, suites);
    }
    return suites;
  });
}

function run(
  target: string,
  apis: readonly ProfileId[],
  extra: Partial<RunOptions> = {},
): Promise<RunReport> {
  return runQuietly(target, suitesOf(apis), contracts, extra);
}

const failedIds = (report: RunReport) => report.cases.filter((c) => c.status === 'failed').map((c) => c.id);

t.test('every case of every profile passes against the mock, --strict included', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const report = await run(mock.url, PROFILE_IDS, { strict: true });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.same(failedIds(report), [], 'no case failed');
  t.same(
    report.cases.flatMap((c) => c.failures.map((f) => `${c.id}: ${f.title}`)),
    [],
    'not even a should finding',
  );
  t.equal(report.cases.filter((c) => c.status === 'skipped').length, 0, 'the mock supports every case');
  t.same(
    report.profiles.map((p) => p.profile),
    ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi'],
  );
  for (const p of report.profiles) t.ok(p.total >= 8, `${p.profile} has ${p.total} cases`);
});

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
      const report = await run(target.url, ['kirjaswappi'], { timeoutMs: 300 });
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

t.test('an unreachable target or a failed login exits 3; a case that breaks later exits 1', async (t) => {
  const silent = await startSilentTarget();
  const hung = await run(silent.url, ['vcf'], { timeoutMs: 200 });
  await silent.close();
  t.equal(hung.exitCode, EXIT.UNREACHABLE);
  t.match(hung.exitReason, /unreachable.*no complete response within 200 ms/);

  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const closed = await run(`http://127.0.0.1:${port}`, ['vcf'], { timeoutMs: 500 });
  t.equal(closed.exitCode, EXIT.UNREACHABLE);
  t.match(closed.exitReason, /connection refused/);
  t.ok(closed.cases.every((c) => c.status === 'skipped' && /unreachable/.test(c.reason ?? '')));

  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const badLogin = await run(mock.url, ['flolive'], { password: 'wrong' });
  t.equal(badLogin.exitCode, EXIT.UNREACHABLE);
  t.match(badLogin.exitReason, /flolive: session bootstrap failed/);
});

t.test('tokens supplied with --var replace the bootstrap', async (t) => {
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const login = (await (
    await fetch(`${mock.url}/api/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    })
  ).json()) as { jwtToken: string; refreshToken: string };
  const report = await run(mock.url, ['kirjaswappi'], {
    vars: { accessToken: login.jwtToken, refreshToken: login.refreshToken },
    grep: /kirjaswappi\.refresh\.(success|no-rotation)/,
  });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.equal(report.cases.length, 2);
  t.ok(
    report.cases.every((c) => c.steps.every((s) => !s.name.startsWith('bootstrap'))),
    'no case logged in by itself',
  );
  t.notMatch(JSON.stringify(report), login.refreshToken, 'the supplied token is redacted');
});

t.test('harness behaviour: referenced schemas, a crashing check, redirects', async (t) => {
  const mini = loadSuites(
    [fileURLToPath(new URL('./fixtures/suites/kirjaswappi-mini.json', import.meta.url))],
    contracts,
  ).map((s) => s.suite);
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());

  const report = await run(mock.url, ['kirjaswappi'], { suites: mini });
  const byId = new Map(report.cases.map((c) => [c.id, c]));
  t.equal(
    byId.get('kirjaswappi.refresh.happy-path')?.status,
    'passed',
    'a body matching the referenced schema passes',
  );
  t.match(byId.get('kirjaswappi.refresh.wrong-shape'), {
    status: 'failed',
    failures: [
      {
        title: 'Response violates the referenced schema',
        message: /refresh\.response\.schema\.json: \(body\) must have required property 'jwtToken'/,
      },
    ],
  });

  const crashing = await run(mock.url, ['kirjaswappi'], {
    suites: mini,
    grep: /happy-path/,
    checks: [
      {
        severity: 'should',
        check: {
          name: 'explodes',
          run: () => {
            throw new Error('boom');
          },
        },
      },
    ],
  });
  t.match(
    crashing.cases[0],
    {
      status: 'failed',
      failures: [{ check: 'explodes', title: 'Check crashed', severity: 'must', message: 'boom' }],
    },
    'a check that throws fails the case, never passes it',
  );
  t.equal(crashing.exitCode, EXIT.FAILURES);

  const redirecting = createHttpServer((req, res) => {
    res.writeHead(302, { location: `${mock.url}${req.url}` }).end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  t.teardown(() => redirecting.close());
  const { port } = redirecting.address() as AddressInfo;
  const redirected = await run(`http://127.0.0.1:${port}`, ['kirjaswappi'], {
    suites: mini,
    grep: /happy-path/,
  });
  t.equal(redirected.exitCode, EXIT.UNREACHABLE, 'the redirect is not followed, so the login fails');
  t.match(redirected.exitReason, /bootstrap failed: .*Received: 302/);
});

/** Every finding of a report as `<case>: <check> <severity>`, for a verdict that shows what it rests on. */
const findings = (report: RunReport) =>
  report.cases.flatMap((c) => c.failures.map((f) => `${c.id}: ${f.check} ${f.severity} ${f.title}`));

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

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

  const report = await run(target.url, ['kirjaswappi'], { strict: true });
  t.equal(report.exitCode, EXIT.OK, report.exitReason);
  t.same(findings(report), [], 'not even a should finding');
});

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
