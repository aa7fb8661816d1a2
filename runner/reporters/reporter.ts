import type { CaseResult, RunReport } from '../model.js';

export interface ReporterContext {
  /** Directory for report files (`--out`, default `reports`); created by the reporter if missing. */
  readonly outDir: string;
  /** Where console-like reporters write (process.stdout in the CLI, a buffer in tests). */
  readonly write: (text: string) => void;
  /** Whether stdout is a terminal (colours, in-place progress). */
  readonly color: boolean;
}

/**
 * A report format. The report it receives is already redacted (unless --show-secrets); a reporter only
 * renders. `onCaseEnd` is called as each case finishes, for progress; `finish` once, at the end.
 */
export interface Reporter {
  readonly name: string;
  onStart?(info: { target: string; profiles: readonly string[]; cases: number }, ctx: ReporterContext): void;
  onCaseEnd?(result: CaseResult, ctx: ReporterContext): void;
  /** Renders the report; resolves to the paths of files written (empty for stdout-only reporters). */
  finish(report: RunReport, ctx: ReporterContext): Promise<string[]>;
}
