import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineCounts, staleText, standingText } from '../baseline/describe.js';
import type { CaseResult, Failure, ProfileSummary, RunReport } from '../model.js';
import { formatDuration, formatValue } from './console.js';
import { htmlText, mdBlock, mdCode, mdText, short } from './markdown-text.js';
import type { Reporter } from './reporter.js';
import { appendStepSummary } from './step-summary.js';

/** Failures listed one by one before the rest is only counted: a summary is read, not searched. */
export const MAX_LISTED = 50;

const failing = (c: CaseResult): boolean => c.status === 'failed' && c.baseline !== 'known';
const knownCase = (c: CaseResult): boolean => c.status === 'failed' && c.baseline === 'known';

function head(report: RunReport): string {
  const mark = report.exitCode === 0 ? '✅' : '❌';
  const target = `${mdCode(report.target)}${report.embeddedMock ? ' (the embedded mock)' : ''}`;
  const meta = [
    `Target ${target}`,
    `seed ${mdCode(String(report.seed))} (repeat with ${mdCode(`--seed ${report.seed}`)})`,
    formatDuration(report.durationMs),
    report.strict ? 'strict' : 'should findings are warnings',
    `${report.tool.name} ${mdText(report.tool.version)}`,
  ];
  const stopped = report.interrupted
    ? `\n**Interrupted** by ${mdText(report.interrupted.signal)}: ${report.interrupted.finished} of ${report.interrupted.planned} cases finished; the others did not run.\n`
    : '';
  return `## ${mark} tokenrig: exit ${report.exitCode}, ${mdText(report.exitReason)}\n\n${meta.join(' · ')}\n${stopped}`;
}

function table(report: RunReport): string {
  const row = (s: ProfileSummary): string => {
    const known = report.cases.filter((c) => c.profile === s.profile && knownCase(c)).length;
    const ok = s.score.passed === s.score.applicable ? '✅' : known === s.failed ? '⚠️' : '❌';
    const cells = [s.total, s.passed, s.failed - known, known, s.skipped, s.warnings];
    // None of an errored profile's cases ran: 0/0 with a tick would read as a pass.
    const score = s.errored
      ? `❌ errored: ${mdText(s.errored)}`
      : `${ok} ${s.score.passed}/${s.score.applicable}`;
    return `| ${mdText(s.profile)} | ${score} | ${cells.join(' | ')} |`;
  };
  return [
    '| Profile | Must cases passed | Cases | Passed | Failed | Known failures | Skipped | Warnings |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...report.profiles.map(row),
    '',
  ].join('\n');
}

function findingLines(f: Failure): string[] {
  const lines = [
    `**${f.severity}** ${mdText(f.title)} (${mdCode(f.check)})${f.step ? ` in step ${mdCode(f.step)}` : ''}`,
    '',
    mdBlock(f.message, 'text'),
  ];
  const where = [
    f.expected === undefined ? '' : `expected ${mdCode(formatValue(f.expected))}`,
    f.actual === undefined ? '' : `actual ${mdCode(formatValue(f.actual))}`,
    f.path === undefined ? '' : `at ${mdCode(f.path || '""')}`,
  ].filter(Boolean);
  if (where.length > 0) lines.push('', where.join(' · '));
  if (f.baseline) lines.push('', `Baseline: ${mdText(standingText(f.baseline))}`);
  if (f.curl) lines.push('', mdBlock(f.curl, 'sh'));
  return lines;
}

/** One failed case, folded: the summary line is short, the findings and curl lines inside. */
function failureBlock(c: CaseResult, strict: boolean): string {
  const shown = c.failures.filter((f) => f.severity === 'must' || strict);
  const first = shown[0];
  const line = first
    ? `${first.title}: ${short(first.message)}`
    : short(c.reason ?? 'failed without a finding');
  const body =
    shown.length > 0 ? shown.flatMap((f) => [...findingLines(f), '']) : [mdText(c.reason ?? ''), ''];
  return [
    `<details><summary><code>${htmlText(c.id)}</code> ${htmlText(line)}</summary>`,
    '',
    `${mdText(c.title)}${c.reason && shown.length > 0 ? ` (${mdText(c.reason)})` : ''}`,
    '',
    ...body,
    '</details>',
    '',
  ].join('\n');
}

function section(title: string, blocks: readonly string[], total: number): string[] {
  if (total === 0) return [];
  const rest = total - blocks.length;
  const more = rest > 0 ? [`…and ${rest} more: see report.html or report.json.\n`] : [];
  return [`### ${title}\n`, ...blocks, ...more];
}

function knownBlock(cases: readonly CaseResult[]): string {
  const items = cases.map((c) => {
    const reasons = [...new Set(c.failures.flatMap((f) => f.baseline?.reason ?? []))];
    return `- ${mdCode(c.id)}: ${mdText(reasons.join('; '))}`;
  });
  return `<details><summary>${cases.length} known failing cases</summary>\n\n${items.join('\n')}\n\n</details>\n`;
}

function warningsBlock(cases: readonly CaseResult[]): string {
  const items = cases.flatMap((c) =>
    c.failures
      .filter((f) => f.severity === 'should')
      .map((f) => `- ${mdCode(c.id)} ${mdText(f.title)}: ${mdText(short(f.message))}`),
  );
  const listed = items.slice(0, MAX_LISTED);
  const more = items.length > listed.length ? `\n- …and ${items.length - listed.length} more` : '';
  return `<details><summary>${items.length} should findings</summary>\n\n${listed.join('\n')}${more}\n\n</details>\n`;
}

/**
 * The summary as Markdown blocks, each whole in itself (a folded failure, a table), so a summary cut
 * to size is cut between blocks, never inside a table or a `<details>`.
 */
export function markdownBlocks(report: RunReport): string[] {
  const failed = report.cases.filter(failing);
  const known = report.cases.filter(knownCase);
  const warned = report.strict
    ? []
    : report.cases.filter((c) => c.failures.some((f) => f.severity === 'should'));
  const blocks = [head(report), table(report)];
  if (report.baseline) {
    const b = report.baseline;
    blocks.push(`**${mdText(baselineCounts(b))}**\n`);
    const stale = b.stale.map((e) => `- ${mdText(staleText(e))} (reason was: ${mdText(e.reason)})`);
    if (stale.length > 0) blocks.push(`${stale.join('\n')}\n`);
  }
  blocks.push(
    ...section(
      `Failures (${failed.length})`,
      failed.slice(0, MAX_LISTED).map((c) => failureBlock(c, report.strict)),
      failed.length,
    ),
  );
  if (known.length > 0) blocks.push(`### Known failures (${known.length})\n`, knownBlock(known));
  if (warned.length > 0) blocks.push('### Warnings\n', warningsBlock(warned));
  return blocks;
}

export function renderMarkdown(report: RunReport): string {
  return markdownBlocks(report).join('\n');
}

/**
 * Writes `<outDir>/report.md`; when `GITHUB_STEP_SUMMARY` is set (GitHub Actions), appends the same
 * summary to that file, cut to what is left of GitHub's 1 MiB limit for a step.
 */
export const markdownReporter: Reporter = {
  name: 'markdown',
  files: ['report.md'],
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.md');
    await writeFile(path, renderMarkdown(report), 'utf8');
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (!summary) return [path];
    await appendStepSummary(summary, markdownBlocks(report));
    return [path, summary];
  },
};
