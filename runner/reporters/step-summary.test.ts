import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { appendStepSummary, fitBlocks, STEP_SUMMARY_LIMIT } from './step-summary.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

t.test('GitHub’s documented limit: 1 MiB per step', async (t) => {
  t.equal(STEP_SUMMARY_LIMIT, 1_048_576);
});

t.test('whole blocks while they fit, then a note; never over the budget', async (t) => {
  const blocks = ['# head', 'ä'.repeat(150), 'b'.repeat(100), 'c'.repeat(100)];
  t.equal(fitBlocks(blocks, 10_000), blocks.map((b) => `${b}\n`).join(''), 'all of it when it fits');
  const cut = fitBlocks(blocks, 400);
  t.ok(bytes(cut) <= 400, `${bytes(cut)} bytes`);
  t.ok(cut.startsWith('# head\n'));
  t.notMatch(cut, /ä/, 'a block of 300 bytes (two per ä) does not fit beside the note');
  t.match(cut, /Cut to fit GitHub's 1 MiB step-summary limit: 3 more sections in report\.md/);
  t.equal(fitBlocks(blocks, 10), '', 'not even the note fits: nothing, rather than a broken summary');
});

t.test('appends within what earlier content leaves of the limit', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'summary.md');
  writeFileSync(file, 'x'.repeat(900));
  await appendStepSummary(file, ['# run', 'y'.repeat(500)], 1200);
  const text = readFileSync(file, 'utf8');
  t.ok(text.startsWith(`${'x'.repeat(900)}\n# run\n`), 'the earlier content stays, a blank line between');
  t.ok(bytes(text) <= 1200, `${bytes(text)} bytes`);
  t.match(text, /1 more section/);
  await appendStepSummary(join(dir, 'fresh.md'), ['# run'], 1200);
  t.equal(
    readFileSync(join(dir, 'fresh.md'), 'utf8'),
    '# run\n',
    'a missing file is created, no leading blank',
  );
});
