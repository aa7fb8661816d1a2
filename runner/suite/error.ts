/** One more problem of the same file, reported with the first. */
export interface FurtherProblem {
  readonly pointer: string;
  readonly problem: string;
}

/**
 * A suite file that cannot be used: names the file and the JSON pointer of the problem (exit 2). A check
 * that finds every problem of its kind at once (undefined variables) lists the others in `further`, one
 * line each, as a linter does.
 */
export class SuiteError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
    readonly further: readonly FurtherProblem[] = [],
  ) {
    const line = (at: string, text: string) => `${file}${at === '' ? '' : ` at ${at}`}: ${text}`;
    super([line(pointer, problem), ...further.map((p) => line(p.pointer, p.problem))].join('\n  '));
    this.name = 'SuiteError';
  }
}
