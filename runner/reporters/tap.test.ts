import t, { type Test } from 'tap';
import { type FinalResults, Parser, type Result } from 'tap-parser';
import type { RunReport } from '../model.js';
import { captureContext, fixture } from './fixture.js';
import { foldedFixture } from './fixture-folded.js';
import { renderTap, tapReporter } from './tap.js';

interface Parsed {
  readonly version: number | undefined;
  readonly results: FinalResults;
  readonly asserts: readonly Result[];
  readonly comments: readonly string[];
}

function parse(text: string): Promise<Parsed> {
  return new Promise((resolve) => {
    const asserts: Result[] = [];
    const comments: string[] = [];
    let version: number | undefined;
    // strict: any line that is not TAP is an error, so stray output cannot hide in the stream.
    const parser = new Parser({ strict: true }, (results) =>
      resolve({ version, results, asserts, comments }),
    );
    parser.on('version', (v: number) => {
      version = v;
    });
    parser.on('assert', (r: Result) => asserts.push(r));
    parser.on('comment', (c: string) => comments.push(c));
    parser.end(text);
  });
}

async function render(t: Test, report: RunReport = fixture): Promise<string> {
  const ctx = captureContext('unused');
  t.same(await tapReporter.finish(report, ctx), [], 'writes no file');
  return ctx.output();
}

t.test('TAP 14: version line, a plan that matches the test points, nothing else', async (t) => {
  const text = await render(t);
  t.match(text, /^TAP version 14\n/);
  const { version, results } = await parse(text);
  t.equal(version, 14);
  t.same(results.plan, { start: 1, end: 6, skipAll: false, skipReason: '', comment: '' });
  t.match(results, { count: 6, pass: 4, fail: 2, skip: 1, ok: false });
  t.same(
    results.failures.map((f) => ('name' in f ? f.name : f.tapError)),
    [
      'flolive.refresh.expired An expired refresh token is rejected with 401 & <no> body',
      'vcf.refresh.ok Refresh with a valid refresh token returns a new access token',
    ],
    'only failed cases are not ok; no TAP errors',
  );
});

t.test('a failed case carries its failures in a YAML diagnostic block', async (t) => {
  const { asserts } = await parse(await render(t));
  const failed = asserts.find((a) => a.id === 3);
  t.equal(failed?.ok, false);
  t.match(failed?.diag, {
    profile: 'flolive',
    severity: 'must',
    clauses: [
      { kind: 'documented', source: 'floLIVE knowledge base (kb.flolive.net), "Refresh Token": AUTH_1002' },
      { kind: 'assumed', source: 'docs/profiles/flolive.md: a NAK is answered with 401' },
    ],
    durationMs: 1250,
    failures: [
      {
        check: 'status_code_conformance',
        title: 'Undocumented HTTP status code',
        severity: 'must',
        message: fixture.cases[2]?.failures[0]?.message,
        expected: [200, 400, 401],
        actual: 500,
        step: 'refresh',
        curl: fixture.cases[2]?.failures[0]?.curl,
      },
      {
        check: 'response_schema_conformance',
        path: '/error',
        schemaPath: '#/properties/error/type',
        expected: { type: 'string' },
        actual: 5,
      },
    ],
  });
  t.match(asserts.find((a) => a.id === 5)?.diag, {
    reason: 'bootstrap failed: step login received no response (ECONNRESET)',
  });
});

t.test('skips carry their reason; warnings are ok with a comment', async (t) => {
  const { asserts, comments } = await parse(await render(t));
  const skipped = asserts.find((a) => a.id === 6);
  t.equal(skipped?.ok, true);
  t.equal(
    skipped?.skip,
    `requires tokenrig-admin: the target is not a tokenrig mock <<script>alert("x&y")</script> it's \\u0001>`,
  );
  const warned = asserts.find((a) => a.id === 2);
  t.equal(warned?.ok, true);
  t.notOk(warned?.skip);
  t.match(comments, [
    /tokenrig 0\.1\.0: http:\/\/127\.0\.0\.1:4010, seed 424242/,
    /^# warning: Token response is cacheable: Received: Cache-Control absent/,
    /^# warning: Token response is cacheable: Received: Cache-Control: max-age=60/,
    /^# flolive: 2\/3 must cases passed, 1 warning\n$/,
    /^# vcf: 1\/2 must cases passed, 1 skipped, 1 warning\n$/,
    /^# exit 1: 2 must cases failed/,
  ]);
});

t.test('a # or a newline in a title cannot break the stream', async (t) => {
  const [first] = fixture.cases;
  if (!first) return t.fail('fixture has cases');
  const report: RunReport = {
    ...fixture,
    cases: [{ ...first, title: 'Issue #12 \\ fixed\nnot ok 99 - forged' }],
  };
  const { results, asserts } = await parse(await render(t, report));
  t.match(results, { count: 1, pass: 1, fail: 0, ok: true });
  t.equal(asserts[0]?.name, 'flolive.login.ok Issue #12 \\ fixed not ok 99 - forged');
  t.equal(asserts[0]?.skip, false, 'the # did not become a directive');
});

t.test('no cases: a valid empty plan', async (t) => {
  const { results } = await parse(await render(t, { ...fixture, profiles: [], cases: [] }));
  t.match(results, { count: 0, fail: 0, ok: true });
});

t.test(
  'a folded root keeps its consequents in the YAML block; the curl variables in a comment',
  async (t) => {
    const { asserts, comments, results } = await parse(renderTap(foldedFixture));
    t.equal(results.ok, false);
    t.same(
      results.failures.filter((f) => f.tapError),
      [],
      'still valid TAP',
    );
    const folded = asserts.find((a) => a.name.startsWith('kirjaswappi.refresh.success'));
    t.match(folded?.diag, {
      failures: [
        {
          title: 'Server error',
          consequents: [
            { title: 'Unexpected HTTP status' },
            { title: 'Body (root) should be of type object', path: '' },
            { title: 'Response violates the documented schema', severity: 'should' },
          ],
        },
        { title: 'Stack trace in response' },
      ],
    });
    t.ok(comments.some((c) => c.startsWith('# curl variable TOKENRIG_REFRESH_TOKEN: refresh token: ')));
  },
);

t.test('an interrupted run bails out: a TAP consumer fails it whatever its points say', async (t) => {
  const interrupted: RunReport = {
    ...fixture,
    exitCode: 130,
    exitReason: 'interrupted by SIGINT after 3 of 6 cases',
    interrupted: { signal: 'SIGINT', finished: 3, planned: 6 },
  };
  const parsed = await parse(renderTap(interrupted));
  t.equal(parsed.results.bailout, 'interrupted by SIGINT after 3 of 6 cases');
  t.notOk(parsed.results.ok);
  t.equal((await parse(renderTap(fixture))).results.bailout, false, 'a run that ended does not');
});

t.test("an errored profile's cases are not ok: a target that never answered does not pass", async (t) => {
  const why = 'target unreachable: connection refused';
  const down: RunReport = {
    ...fixture,
    profiles: fixture.profiles.map((s) => ({ ...s, errored: why })),
    cases: fixture.cases.map((c) => ({ ...c, status: 'skipped' as const, reason: why, failures: [] })),
  };
  const parsed = await parse(renderTap(down));
  t.equal(parsed.results.fail, fixture.cases.length, 'every case not ok');
  t.equal(parsed.results.skip, 0, 'none skipped');
  t.ok(
    parsed.asserts.every((a) => a.diag?.reason === why),
    'each says why',
  );
});
