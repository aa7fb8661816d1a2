import type { CaseResult, RunReport } from '../model.js';

export interface ReporterContext {
  /** Directory for report files (`--out`, default `reports`); created by the reporter if missing. */
  readonly outDir: string;
  /** Where console-like reporters write (process.stdout in the CLI, a buffer in tests). */
  readonly write: (text: string) => void;
  /** Whether to colour the output: a terminal, or FORCE_COLOR / NO_COLOR (reporters/color.ts). */
  readonly color: boolean;
  /** The files the other reporters wrote, for a reporter that finishes last (the console says where). */
  readonly written?: readonly WrittenReport[];
}

/** One file a reporter wrote. */
export interface WrittenReport {
  readonly reporter: string;
  readonly path: string;
}

/** What the console's start line says: the cases, and the generated requests among them (`--fuzz`). */
export interface StartInfo {
  readonly target: string;
  /** The tokenrig mock namespace the run is in, when it is in one. */
  readonly namespace?: string;
  readonly profiles: readonly string[];
  /** Cases of the suites (generated ones not included). */
  readonly cases: number;
  /** `--fuzz N`: the generated cases and the negative requests they send. */
  readonly generated?: { readonly cases: number; readonly requests: number };
}

/** A profile the run could not test at all, and why. */
export interface ErroredProfile {
  readonly profile: string;
  readonly reason: string;
  /** Its cases, none of which ran. */
  readonly cases: number;
}

/**
 * A report format. The report it receives is already redacted (unless --show-secrets); a reporter only
 * renders. `onCaseEnd` is called as each case finishes, for progress; `finish` once, at the end.
 */
export interface Reporter {
  readonly name: string;
  onStart?(info: StartInfo, ctx: ReporterContext): void;
  onCaseEnd?(result: CaseResult, ctx: ReporterContext): void;
  /** A profile none of whose cases ran (target unreachable, login failed): one line for all of them. */
  onProfileErrored?(errored: ErroredProfile, ctx: ReporterContext): void;
  /**
   * The files `finish` writes, by name in `outDir`: removed when a run starts, so that a run that
   * never gets to write them (a second Ctrl-C, a kill) leaves no earlier run's report looking current.
   */
  readonly files?: readonly string[];
  /** Finished after every other reporter, with `ctx.written` (the console: where the reports went). */
  readonly last?: boolean;
  /** Renders the report; resolves to the paths of files written (empty for stdout-only reporters). */
  finish(report: RunReport, ctx: ReporterContext): Promise<string[]>;
}
