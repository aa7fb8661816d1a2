import { EXIT } from './exit-codes.js';

/**
 * Whether a crash prints its stack: `--verbose` anywhere on the command line, or `DEBUG` naming
 * tokenrig (`DEBUG=tokenrig`, `DEBUG=*`, a comma list as the `debug` package reads it).
 */
export function wantsStack(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv.includes('--verbose')) return true;
  return (env.DEBUG ?? '')
    .split(/[\s,]+/)
    .some((name) => name === '*' || name === 'tokenrig' || name === 'tokenrig:*');
}

/**
 * What an internal error (a bug in tokenrig: an exception nobody expected) prints: one line that says
 * it is tokenrig's fault and asks for a report, never read as a verdict on the target, and the stack
 * only when asked for. Its exit code is {@link EXIT.INTERNAL}, never 1, which CI reads as failed
 * conformance.
 */
export function crashText(error: unknown, withStack: boolean): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = what.split('\n', 1)[0] ?? what;
  const line =
    `tokenrig: internal error (exit ${EXIT.INTERNAL}): ${firstLine}\n` +
    'This is a bug in tokenrig, not a finding about the target: please report it with the command line' +
    (withStack ? ' and the stack below.\n' : '; --verbose or DEBUG=tokenrig prints the stack.\n');
  if (!withStack) return line;
  const stack = error instanceof Error && error.stack ? error.stack : what;
  return `${line}${stack}\n`;
}
