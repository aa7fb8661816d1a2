/** A suite file that cannot be used: names the file and the JSON pointer of the problem (exit 2). */
export class SuiteError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`${file}${pointer === '' ? '' : ` at ${pointer}`}: ${problem}`);
    this.name = 'SuiteError';
  }
}
