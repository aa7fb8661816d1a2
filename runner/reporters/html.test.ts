import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { captureContext, fixture } from './fixture.js';
import { htmlReporter, renderHtml } from './html.js';

const page = renderHtml(fixture);

t.test('writes one report.html into a new out dir', async (t) => {
  const outDir = join(t.testdir(), 'out');
  const ctx = captureContext(outDir);
  t.same(await htmlReporter.finish(fixture, ctx), [join(outDir, 'report.html')]);
  t.equal(readFileSync(join(outDir, 'report.html'), 'utf8'), page);
  t.equal(ctx.output(), '');
});

t.test('is self-contained: inline CSS, no scripts, no external assets', (t) => {
  t.match(page, /^<!doctype html>\n<html lang="en">/);
  t.match(page, '<meta charset="utf-8">');
  t.match(page, /<style>[^<]+<\/style>/);
  for (const external of [/<script/i, /<link/i, /\bsrc=/i, /href="(?!#)/i, /url\(/i, /@import/i]) {
    t.notMatch(page, external, `no ${external}`);
  }
  t.end();
});

t.test('escapes every interpolated string', (t) => {
  t.notMatch(page, /<script/i, 'the <script> in a message is not markup');
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

t.test('a summary row per profile with its score', (t) => {
  t.match(page, /<a href="#profile-flolive">flolive<\/a><\/td>\n<td class="num fail">2\/3<\/td>/);
  t.match(page, /<a href="#profile-vcf">vcf<\/a><\/td>\n<td class="num fail">1\/2<\/td>/);
  t.match(page, '<section id="profile-flolive">');
  t.match(page, '<section id="profile-vcf">');
  t.end();
});

t.test('a row per case; failures open below failed cases, warnings collapsed', (t) => {
  for (const c of fixture.cases) t.match(page, `<tr class="${c.status}" id="case-${c.id}">`, c.id);
  t.match(
    page,
    '<td><ul class="clauses"><li><span class="kind documented">documented</span> floLIVE knowledge base ' +
      '(kb.flolive.net), &quot;Refresh Token&quot;</li><li><span class="kind standard">standard</span> RFC 6749 §6</li></ul></td>',
    'clauses, each with its kind',
  );
  t.match(
    page,
    '<span class="kind documented">documented</span> VMware SDDC Manager API reference, &quot;Create Token Pair&quot; ' +
      '&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;',
    'a clause is escaped like everything else',
  );
  t.equal(page.match(/<details class="finding" open>/g)?.length, 2, 'both failures of the failed case, open');
  t.equal(page.match(/<details class="finding">/g)?.length, 2, 'the two warnings, collapsed');
  t.match(
    page,
    /<th>Expected<\/th><th>Actual<\/th><\/tr>\n<tr><td><pre>\[\n {2}200,\n {2}400,\n {2}401\n\]<\/pre><\/td><td><pre>500<\/pre>/,
  );
  t.match(page, 'path <code>/error</code> schema <code>#/properties/error/type</code>');
  t.match(page, '<p class="fail">Failed: bootstrap failed: step login received no response (ECONNRESET)</p>');
  t.match(page, '<span class="should">(1 warning)</span>');
  t.end();
});
