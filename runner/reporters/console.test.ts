import t, { type Test } from 'tap';
import type { CaseResult } from '../model.js';
import { consoleReporter, formatValue, printable, startLine } from './console.js';
import { CURL_500, CURL_LOGIN, captureContext, fixture, HOSTILE } from './fixture.js';
import { CURL_FOLDED, foldedFixture } from './fixture-folded.js';

const ESC = '\u001b[';

async function run(t: Test, color: boolean): Promise<string> {
  const ctx = captureContext('unused', color);
  consoleReporter.onStart?.({ target: fixture.target, profiles: ['flolive', 'vcf'], cases: 6 }, ctx);
  for (const c of fixture.cases) consoleReporter.onCaseEnd?.(c, ctx);
  t.same(await consoleReporter.finish(fixture, ctx), [], 'writes no file');
  return ctx.output();
}

const lines = (text: string): string[] => text.split('\n');
const count = (text: string, line: string): number => lines(text).filter((l) => l === line).length;

t.test('one start line, then one line per case', async (t) => {
  const out = lines(await run(t, false));
  t.equal(out[0], 'tokenrig: 6 cases of flolive, vcf against http://127.0.0.1:4010');
  t.same(out.slice(1, 7), [
    '  PASS flolive.login.ok  15ms',
    '  PASS flolive.refresh.rotates  10ms (1 warning)',
    '  FAIL flolive.refresh.expired  1.3s',
    '  PASS vcf.login.ok  8ms (1 warning)',
    '  FAIL vcf.refresh.ok  31ms',
    '  SKIP vcf.revoke.clock  skipped: requires tokenrig-admin: the target is not a tokenrig mock ' +
      `<<script>alert("x&y")</script> it's \\u0001>`,
  ]);
});

t.test('failures grouped by title: a heading once, then every occurrence', async (t) => {
  const out = await run(t, false);
  t.equal(count(out, 'Token response is cacheable'), 1, 'two occurrences, one heading');
  t.equal(count(out, 'Undocumented HTTP status code'), 1);
  t.match(
    out,
    [
      'Token response is cacheable',
      '  flolive.refresh.rotates  should  step refresh',
      '    Received: Cache-Control absent / Expected: no-store (RFC 6749 §5.1)',
      '    per documented: floLIVE knowledge base (kb.flolive.net), "Refresh Token"; standard: RFC 6749 §6',
      "    curl -X POST 'http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh'",
    ].join('\n'),
  );
  t.match(
    out,
    [
      '  vcf.login.ok  should  step login',
      '    Received: Cache-Control: max-age=60 / Expected: no-store (RFC 6749 §5.1)',
      `    per documented: VMware SDDC Manager API reference, "Create Token Pair" ${printable(HOSTILE)}`,
      `    ${CURL_LOGIN}`,
    ].join('\n'),
  );
  t.match(
    out,
    [
      'Undocumented HTTP status code',
      '  flolive.refresh.expired  must  step refresh',
      '    Received: 500 / Documented: 200, 400, 401',
      `    body: <script>alert("x&y")</script> it's \\u0001`,
      '    per documented: floLIVE knowledge base (kb.flolive.net), "Refresh Token": AUTH_1002; ' +
        'assumed: docs/profiles/flolive.md: a NAK is answered with 401',
      `    ${printable(CURL_500)}`,
    ].join('\n'),
    'a multi-line message stays indented under its case; the clauses say what kind of fact it rests on',
  );
  t.match(
    out,
    '\n  flolive.refresh.expired  must  step refresh\n    Received: {"error":5} / Documented: /error must be string (type), must have required property \'message\'\n    at /error  schema #/properties/error/type\n    per documented:',
  );
  t.match(
    out,
    'Case could not complete\n  vcf.refresh.ok  must\n    bootstrap failed: step login received no response (ECONNRESET)\n    per documented: VMware SDDC Manager API reference, "Refresh Access Token"\n',
    'a failed case without a finding is listed with its reason',
  );
  t.ok(
    out.indexOf('Case could not complete') < out.indexOf('Token response is cacheable'),
    'must groups come before should-only groups',
  );
});

t.test('a score line per profile, then the exit line', async (t) => {
  const out = await run(t, false);
  t.match(
    out,
    'Scores\n  flolive  2/3 must cases passed, 1 warning\n  vcf      1/2 must cases passed, 1 skipped, 1 warning\n',
  );
  t.equal(lines(out).at(-2), 'exit 1: 2 must cases failed (2 must failures, 1 bootstrap failure)');
  t.equal(lines(out).at(-1), '', 'ends with a newline');
  const strict = captureContext('unused');
  await consoleReporter.finish({ ...fixture, strict: true }, strict);
  t.match(
    strict.output(),
    '  flolive  2/3 must cases passed, 1 should failure\n',
    'under --strict, warnings are failures',
  );
});

t.test('colour only when ctx.color, and never from the target', async (t) => {
  const plain = await run(t, false);
  t.notMatch(plain, ESC, 'no ANSI codes without colour');
  const colored = await run(t, true);
  t.match(colored, `  ${ESC}32m✓${ESC}39m flolive.login.ok`);
  t.match(colored, `  ${ESC}31m✗${ESC}39m flolive.refresh.expired`);
  t.match(colored, `${ESC}31m${ESC}1mexit 1: `);

  const [base] = fixture.cases;
  if (!base) return t.fail('the fixture has cases');
  const hostile: CaseResult = {
    ...base,
    status: 'failed',
    id: 'flolive.refresh.escape',
    failures: [
      { check: 'assertion', title: 'T', message: `body: ${ESC}2J${ESC}31mPASS\u009b`, severity: 'must' },
    ],
  };
  const ctx = captureContext('unused');
  await consoleReporter.finish({ ...fixture, cases: [hostile] }, ctx);
  t.notOk(
    ctx.output().includes(ESC) || ctx.output().includes('\u009b'),
    'escape sequences are shown, not run',
  );
  t.match(ctx.output(), 'body: \\u001b[2J\\u001b[31mPASS\\u009b');
});

t.test('formatValue tells a string from a number and survives what JSON cannot hold', (t) => {
  t.equal(formatValue('500'), '"500"');
  t.equal(formatValue(500), '500');
  t.equal(formatValue(undefined), 'undefined');
  t.equal(formatValue(10n), '10');
  t.end();
});

t.test('a folded root: listed once under its own title, its consequents in one line', async (t) => {
  const ctx = captureContext('unused');
  await consoleReporter.finish(foldedFixture, ctx);
  const out = ctx.output();
  t.match(
    out,
    [
      'Server error',
      '  kirjaswappi.refresh.success  must  step refresh',
      '    Received: 500 / Expected: no 5xx',
      '    and 3 consequent findings: Unexpected HTTP status; Body (root) should be of type object; Response violates the documented schema',
    ].join('\n'),
  );
  t.notMatch(out, /^Unexpected HTTP status$/m, 'a consequent is no group of its own');
  t.notMatch(out, /^Response violates the documented schema$/m);
  t.match(out, /^Stack trace in response$/m, 'an independent finding stays a group');
  t.equal(out.split(CURL_FOLDED).length - 1, 2, 'one curl line per root, none per consequent');
});

t.test('a root raised by a consequent says so; an empty pointer is the whole body', async (t) => {
  const [base] = foldedFixture.cases.slice(-1);
  if (!base) return t.fail('the fixture has the folded case');
  const raised: CaseResult = {
    ...base,
    failures: [
      {
        check: 'assertion',
        title: 'Status differs from the expected one',
        message: 'Received: 400 / Expected (should): 401',
        severity: 'must',
        ownSeverity: 'should',
        path: '',
        consequents: [{ check: 'assertion', title: 'Body /error/code', message: 'x', severity: 'must' }],
      },
    ],
  };
  const ctx = captureContext('unused');
  await consoleReporter.finish({ ...foldedFixture, cases: [raised] }, ctx);
  t.match(ctx.output(), '  kirjaswappi.refresh.success  must (should itself; raised by a consequent)\n');
  t.match(ctx.output(), '\n    at (whole body)\n');
  t.notMatch(ctx.output(), /\n {4}at {2}|\n {4}at \n/, 'never an empty at');
});

t.test(
  'the closing lines: one line per report written, the curl variables once, then the exit',
  async (t) => {
    const ctx = {
      ...captureContext('unused'),
      written: [
        { reporter: 'json', path: 'reports/report.json' },
        { reporter: 'junit', path: 'reports/junit.xml' },
        { reporter: 'html', path: 'reports/report.html' },
      ],
    };
    await consoleReporter.finish(foldedFixture, ctx);
    const out = ctx.output();
    t.match(
      out,
      'Reports\n  json   reports/report.json\n  junit  reports/junit.xml\n  html   reports/report.html\n\nCurl variables\n',
    );
    t.equal(
      out.split('TOKENRIG_REFRESH_TOKEN  refresh token: ').length - 1,
      1,
      'the variable explained once',
    );
    t.match(lines(out).at(-2), /^exit 1: /, 'the exit line stays last');
    const none = captureContext('unused');
    await consoleReporter.finish(fixture, none);
    t.notMatch(none.output(), /^Reports$|^Curl variables$/m, 'no block without files or variables');
  },
);

t.test(
  'generated requests and cases are counted apart: --fuzz 2000 is 2000 requests in 200 cases',
  async (t) => {
    const info = { target: 'http://x', profiles: ['vcf'], cases: 79 };
    t.equal(startLine(info), 'tokenrig: 79 cases of vcf against http://x');
    t.equal(
      startLine({ ...info, generated: { cases: 200, requests: 2000 } }),
      'tokenrig: 79 cases and 200 generated cases (2000 negative requests) of vcf against http://x',
    );
    t.equal(
      startLine({ ...info, cases: 0, generated: { cases: 200, requests: 2000 } }),
      'tokenrig: 200 generated cases (2000 negative requests) of vcf against http://x',
    );
    const [base] = fixture.cases;
    if (!base) return t.fail('the fixture has cases');
    const generated: CaseResult = {
      ...base,
      id: 'vcf.refresh.negative-1',
      steps: [
        { name: 'log in', method: 'POST', url: 'http://x/login', status: 200, durationMs: 1 },
        ...[0, 1, 2].map((n) => ({
          name: `negative #${n}`,
          method: 'POST',
          url: 'http://x/r',
          status: 400,
          durationMs: 1,
        })),
      ],
    };
    const ctx = captureContext('unused');
    await consoleReporter.finish(
      { ...fixture, cases: [generated, { ...generated, id: 'vcf.login.negative-1', status: 'failed' }] },
      ctx,
    );
    t.match(
      ctx.output(),
      '  6 generated negative requests sent in 2 cases, 1 failed\n',
      'the set-up login is no generated request',
    );
  },
);
