import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startBrokenTarget } from '../../test/fixtures/targets.js';
import { BIN, type Outcome, runProcess } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';
import type { RunReport } from '../model.js';
import { CURL_500, captureContext, fixture, HOSTILE } from './fixture.js';
import { MAX_LISTED, markdownBlocks, markdownReporter, renderMarkdown } from './markdown.js';
import { mdCode, mdText } from './markdown-text.js';

t.test(
  'exit, seed and a table per profile first; new must failures folded, with the curl line',
  async (t) => {
    const md = renderMarkdown(fixture);
    const lines = md.split('\n');
    t.match(lines[0], /^## ❌ tokenrig: exit 1, 2 must cases failed/);
    t.match(md, /seed `424242` \(repeat with `--seed 424242`\)/);
    t.match(md, /\| flolive \| ❌ 2\/3 \| 3 \| 2 \| 1 \| 0 \| 0 \| 1 \|/);
    t.match(md, /\| vcf \| ❌ 1\/2 \| 3 \| 1 \| 1 \| 0 \| 1 \| 1 \|/);
    t.ok(md.indexOf('### Failures (2)') < md.indexOf('### Warnings'), 'failures before warnings');
    t.match(
      md,
      /<details><summary><code>flolive\.refresh\.expired<\/code> Undocumented HTTP status code: Received: 500/,
    );
    t.match(md, /<code>vcf\.refresh\.ok<\/code> bootstrap failed: step login received no response/);
    t.ok(
      md.includes(`\`\`\`sh\n${CURL_500.replace('\u0001', '\\u0001')}\n\`\`\``),
      'the curl line, as a block',
    );
    t.match(md, /<summary>2 should findings<\/summary>/, 'warnings folded');
  },
);

t.test('nothing from the target is markup: HTML escaped, Markdown neutralised', async (t) => {
  const md = renderMarkdown(fixture);
  // Code blocks and spans show their text as text; everywhere else it must be escaped.
  const prose = md.replace(/```[a-z]*\n[\s\S]*?\n```/g, '').replace(/(`+).*?\1/g, '');
  t.notMatch(prose, /<script>/);
  t.notMatch(md, String.fromCharCode(1), 'control characters shown as escapes');
  t.equal(mdText(HOSTILE), '&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s \\\\u0001');
  t.equal(mdText('a | b *c* [d](e) `f` _g_ ~h~'), 'a \\| b \\*c\\* \\[d\\](e) \\`f\\` \\_g\\_ \\~h\\~');
  t.equal(mdText('# not a heading'), '\\# not a heading');
  t.equal(mdText('1. not a list'), '1\\. not a list');
  t.equal(mdCode('a `b` c'), '``a `b` c``');
  t.equal(mdCode('`x'), '`` `x ``');
});

t.test('long lists are cut with a count', async (t) => {
  const failedCase = fixture.cases.find((c) => c.status === 'failed');
  if (!failedCase) throw new Error('the fixture has a failed case');
  const many: RunReport = {
    ...fixture,
    cases: Array.from({ length: MAX_LISTED + 3 }, (_, i) => ({ ...failedCase, id: `flolive.case-${i}` })),
  };
  const md = renderMarkdown(many);
  t.equal(md.match(/<details><summary><code>/g)?.length, MAX_LISTED);
  t.match(md, /…and 3 more: see report\.html or report\.json\./);
});

t.test('writes <out>/report.md; no step summary outside GitHub Actions', async (t) => {
  const dir = t.testdir();
  const saved = process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_STEP_SUMMARY;
  t.teardown(() => {
    if (saved !== undefined) process.env.GITHUB_STEP_SUMMARY = saved;
  });
  const written = await markdownReporter.finish(fixture, captureContext(dir));
  t.same(written, [join(dir, 'report.md')]);
  t.equal(readFileSync(join(dir, 'report.md'), 'utf8'), markdownBlocks(fixture).join('\n'));
});

/** bin/tokenrig.js with extra environment, as GitHub Actions starts a step. */
function tokenrigWith(env: Record<string, string>, args: readonly string[]): Promise<Outcome> {
  return runProcess(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
}

t.test('GITHUB_STEP_SUMMARY: the summary is appended after what the step wrote before', async (t) => {
  const target = await startBrokenTarget('undocumented-status', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const dir = t.testdir();
  const summary = join(dir, 'step_summary.md');
  writeFileSync(summary, '### Build\n\nbuilt in 3s\n');
  const args = [
    'run',
    '--api',
    'kirjaswappi',
    '--target',
    target.url,
    '--grep',
    '^kirjaswappi\\.login\\.',
    '--seed',
    '4',
  ];
  const run = await tokenrigWith({ GITHUB_STEP_SUMMARY: summary }, [
    ...args,
    '--reporter',
    'markdown',
    '--out',
    dir,
  ]);
  t.equal(run.code, EXIT.FAILURES, run.stderr);
  const text = readFileSync(summary, 'utf8');
  t.ok(
    text.startsWith('### Build\n\nbuilt in 3s\n\n## ❌ tokenrig: exit 1'),
    'earlier content kept, a blank line between',
  );
  t.equal(
    text.slice('### Build\n\nbuilt in 3s\n\n'.length),
    `${readFileSync(join(dir, 'report.md'), 'utf8')}\n`,
  );
  t.match(text, /### Failures \(\d+\)/);
  t.match(text, /curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/authenticate'/);

  const again = await tokenrigWith({ GITHUB_STEP_SUMMARY: summary }, [
    ...args,
    '--reporter',
    'markdown',
    '--out',
    dir,
  ]);
  t.equal(again.code, EXIT.FAILURES);
  t.equal(
    readFileSync(summary, 'utf8').split('## ❌ tokenrig').length,
    3,
    'a second step appends a second summary',
  );
});
