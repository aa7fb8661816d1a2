/**
 * Process exit codes of every tokenrig command, one meaning each: CI reads 1 as "the implementation
 * failed conformance", so nothing else may ever exit 1. Documented in the README's exit-code table
 * (test/readme-exit-codes.test.ts keeps the two in step) and in `--help`.
 */
export const EXIT = {
  /** Success: no `must` failure (the mock: shut down cleanly). */
  OK: 0,
  /** At least one conformance failure. */
  FAILURES: 1,
  /**
   * Usage, configuration or suite-file error (bad flag, unknown profile, bad --set, no case selected),
   * or an --out where the reports cannot be written.
   */
  USAGE: 2,
  /** Target unreachable or bootstrap failed; for `mock`: the port could not be listened on. */
  UNREACHABLE: 3,
  /**
   * A bug in tokenrig itself, never a verdict on the target. 70 is EX_SOFTWARE of BSD's sysexits.h
   * ("an internal software error has been detected"), the code other CLIs use for the same thing.
   */
  INTERNAL: 70,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT's number, what a shell reports for Ctrl-C. */
  INTERRUPTED: 130,
} as const;

/** What each exit code means to a CI job, as the README's exit-code table says it. */
export const EXIT_MEANINGS: Readonly<Record<(typeof EXIT)[keyof typeof EXIT], string>> = {
  [EXIT.OK]: 'no `must` failure (`should` findings are warnings)',
  [EXIT.FAILURES]:
    'at least one conformance failure (with `--strict`, `should` findings too; a stale baseline entry)',
  [EXIT.USAGE]:
    'usage, configuration or suite-file error, no case selected, or reports that cannot be written',
  [EXIT.UNREACHABLE]: 'the target, or some profile’s login, could not be reached',
  [EXIT.INTERNAL]: 'an internal error: a bug in tokenrig, not a verdict on the target',
  [EXIT.INTERRUPTED]: 'interrupted by Ctrl-C (SIGINT) or SIGTERM; the reports say `interrupted`',
};

/** An error the CLI reports as one line and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The line was printed already (the console report's exit line): the CLI does not say it twice. */
    readonly shown = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
