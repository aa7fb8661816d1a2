import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { captureContext, fixture } from './fixture.js';
import { foldedFixture } from './fixture-folded.js';
import { htmlReporter, renderHtml } from './html.js';

const page = renderHtml(fixture);
const folded = renderHtml(foldedFixture);

t.test('writes one report.html into a new out dir', async (t) => {
  const outDir = join(t.testdir(), 'out');
  const ctx = captureContext(outDir);
  t.same(await htmlReporter.finish(fixture, ctx), [join(outDir, 'report.html')]);
  t.equal(readFileSync(join(outDir, 'report.html'), 'utf8'), page);
  t.equal(ctx.output(), '');
});

t.test('is self-contained: inline CSS, one inline script, no external assets', (t) => {
  t.match(page, /^<!doctype html>\n<html lang="en">/);
  t.match(page, '<meta charset="utf-8">');
  t.match(page, /<style>[^<]+<\/style>/);
  t.equal(page.match(/<script/gi)?.length, 1, 'one script: the filter');
  t.match(page, /<script>\(\(\) => \{\n/, 'inline, no src');
  for (const external of [
    /<link/i,
    /\bsrc=/i,
    /href="(?!#)/i,
    /url\(/i,
    /@import/i,
    /https?:\/\/(?!127\.0\.0\.1)/,
  ]) {
    t.notMatch(page.replace(/<code>http:\/\/127[^<]*<\/code>/g, ''), external, `no ${external}`);
  }
  t.end();
});

t.test('escapes every interpolated string', (t) => {
  const script = page.indexOf('<script>');
  t.notMatch(page.slice(0, script), /<script/i, 'the <script> in a message is not markup');
  t.match(page, 'body: &lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s \\u0001');
  t.notMatch(page, '\u0001', 'the control character is made visible, not passed through');
  t.match(page, 'rejected with 401 &amp; &lt;no&gt; body', 'titles too');
  t.match(
    page,
    '<pre class="curl">curl -X POST &#39;http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh?a=1&amp;b=&lt;2&gt;&#39; ' +
      '-H &#39;Content-Type: application/json&#39; -d &#39;{&quot;refresh_token&quot;:&quot;[REDACTED]&quot;,' +
      '&quot;note&quot;:&quot;&lt;script&gt;',
    'the curl line, escaped, in a <pre>',
  );
  t.match(page, 'Skipped: requires tokenrig-admin: the target is not a tokenrig mock &lt;&lt;script&gt;');
  t.end();
});

t.test('header: target, date, seed, exit code and reason', (t) => {
  t.match(page, '<code>http://127.0.0.1:4010</code> (tokenrig’s embedded mock)');
  t.match(page, '<time datetime="2025-03-14T09:26:53.589Z">');
  t.match(page, '<dt>Seed</dt><dd><code>424242</code></dd>');
  t.match(page, '<strong>exit 1</strong>: 2 must cases failed (2 must failures, 1 bootstrap failure)');
  t.end();
});

t.test('a summary row per profile with its score, a collapsed table per profile', (t) => {
  t.match(page, /<a href="#profile-flolive">flolive<\/a><\/td>\n<td class="num fail">2\/3<\/td>/);
  t.match(page, /<a href="#profile-vcf">vcf<\/a><\/td>\n<td class="num fail">1\/2<\/td>/);
  t.match(
    page,
    '<details class="profile" id="profile-flolive" data-group>\n<summary>flolive: 3 cases (2 passed, 1 failed, 0 skipped)</summary>',
  );
  t.match(page, '<details class="profile" id="profile-vcf" data-group>');
  t.end();
});

t.test('failures first: the failed cases with their findings open, before warnings and all cases', (t) => {
  const at = (s: string) => page.indexOf(s);
  t.ok(at('<section id="summary">') < at('<section id="failures"'), 'summary, then failures');
  t.ok(at('<section id="failures"') < at('<section id="warnings"'), 'failures before warnings');
  t.ok(at('<section id="warnings"') < at('<section id="cases">'), 'warnings before the case tables');
  t.match(page, '<h2>Failures (2 cases)</h2>');
  const failures = page.slice(at('<section id="failures"'), at('<section id="warnings"'));
  t.equal(
    failures.match(/<details class="finding" data-finding[^>]* open>/g)?.length,
    2,
    'both must findings, open',
  );
  t.match(
    failures,
    '<p class="fail">Failed: bootstrap failed: step login received no response (ECONNRESET)</p>',
  );
  const warnings = page.slice(at('<section id="warnings"'), at('<section id="cases">'));
  t.match(warnings, '<details><summary>2 passed cases with should findings</summary>', 'collapsed as a list');
  t.equal(warnings.match(/<details class="finding" data-finding[^>]*>/g)?.length, 2);
  t.notMatch(warnings, /data-finding[^>]* open>/, 'warnings start closed');
  t.end();
});

t.test('a row per case; must is red only where the case failed', (t) => {
  for (const c of fixture.cases)
    t.match(page, `<tr class="${c.status}" id="case-${c.id}" data-case data-filter`, c.id);
  t.match(
    page,
    /<tr class="passed" id="case-flolive.login.ok"[^>]*>\n[^\n]*\n<td class="sev must">must<\/td>/,
  );
  t.match(page, '.failed .sev.must, .finding .sev.must { color: var(--fail); }');
  t.notMatch(page, /(^|\n)\.must\b|, \.must\b/, 'no rule colours every must');
  t.match(
    page,
    '<td><ul class="clauses"><li><span class="kind documented">documented</span> floLIVE knowledge base ' +
      '(kb.flolive.net), &quot;Refresh Token&quot;</li><li><span class="kind standard">standard</span> RFC 6749 §6</li></ul></td>',
    'clauses, each with its kind',
  );
  t.match(
    page,
    /<th>Expected<\/th><th>Actual<\/th><\/tr>\n<tr><td><pre>\[\n {2}200,\n {2}400,\n {2}401\n\]<\/pre><\/td><td><pre>500<\/pre>/,
  );
  t.match(page, 'path <code>/error</code> schema <code>#/properties/error/type</code>');
  t.match(page, '<a class="should" href="#finding-flolive.refresh.rotates">(1 warning)</a>');
  t.end();
});

t.test(
  'a folded root: its consequents nested and collapsed, the root pointer shown as the whole body',
  (t) => {
    t.match(
      folded,
      /<summary><span class="sev must">must<\/span> Server error <code>not_a_server_error<\/code> <span class="folded">\+3<\/span><\/summary>/,
    );
    t.match(
      folded,
      '<details class="consequents"><summary>and 3 consequent findings on the same response</summary>',
    );
    t.match(folded, 'path <code>(whole body)</code>', 'an empty pointer is not an empty `path`');
    t.notMatch(folded, /path <code><\/code>/);
    const nested = folded.slice(folded.indexOf('<details class="consequents">'));
    t.notMatch(
      nested.slice(0, nested.indexOf('</details>\n</details>')),
      'class="curl"',
      'one curl line per response',
    );
    t.match(
      folded,
      'data-checks="not_a_server_error assertion response_schema_conformance"',
      'the filter sees consequents',
    );
    t.match(folded, '<section id="curl-variables">');
    t.match(folded, '<td><code>TOKENRIG_REFRESH_TOKEN</code></td><td>refresh token</td>');
    t.notMatch(page, 'id="curl-variables"', 'no section when no line needs a variable');
    t.match(folded, '<option value="kirjaswappi">kirjaswappi</option>');
    t.match(folded, '<option value="no_stack_trace">no_stack_trace</option>');
    t.end();
  },
);
