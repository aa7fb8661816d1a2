import { appendFile, stat } from 'node:fs/promises';

/**
 * GitHub's limit for one step's job summary: "The maximum size of the job summary per step is 1MiB"
 * (GitHub Docs, "Workflow commands for GitHub Actions", Adding a job summary). Past it, the summary
 * is not shown at all, so it is cut to fit.
 */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * As many whole blocks as fit in `budget` bytes, in order, and a note saying how many were left out
 * and where the whole report is. Empty when not even the note fits.
 */
export function fitBlocks(blocks: readonly string[], budget: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    const left = blocks.length - i - 1;
    const note = left > 0 ? truncationNote(left) : '';
    const size = bytes(`${block}\n`);
    // Room is kept for the note that would follow, so the cut is always announced.
    if (used + size + bytes(note) > budget) break;
    kept.push(block);
    used += size;
  }
  const omitted = blocks.length - kept.length;
  if (omitted === 0) return kept.map((b) => `${b}\n`).join('');
  const note = truncationNote(omitted);
  if (used + bytes(note) > budget) return kept.length > 0 ? kept.map((b) => `${b}\n`).join('') : '';
  return `${kept.map((b) => `${b}\n`).join('')}${note}`;
}

function truncationNote(omitted: number): string {
  return (
    `> [!NOTE]\n> Cut to fit GitHub's 1 MiB step-summary limit: ${omitted} more ` +
    `${omitted === 1 ? 'section' : 'sections'} in report.md, report.html and report.json.\n`
  );
}

/**
 * Appends the summary to the step-summary file (GitHub reads it after the step ends), after what the
 * step wrote there before: only the room that content leaves is used.
 */
export async function appendStepSummary(
  file: string,
  blocks: readonly string[],
  limit = STEP_SUMMARY_LIMIT,
): Promise<void> {
  const existing = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  // A blank line first, so the summary never runs on into a paragraph written before it.
  const separator = existing > 0 ? '\n' : '';
  const text = fitBlocks(blocks, limit - existing - bytes(separator));
  if (text) await appendFile(file, `${separator}${text}`, 'utf8');
}
