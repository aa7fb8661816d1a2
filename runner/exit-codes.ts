/** Process exit codes of every tokenrig command; documented in the README and `--help`. */
export const EXIT = {
  /** Success: no `must` failure (the mock: shut down cleanly). */
  OK: 0,
  /** At least one conformance failure. */
  FAILURES: 1,
  /** Usage, configuration or suite-file error (bad flag, unknown profile, bad --set). */
  USAGE: 2,
  /** Target unreachable or bootstrap failed; for `mock`: the port could not be listened on. */
  UNREACHABLE: 3,
} as const;

/** An error the CLI reports as one line and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
