import { consoleReporter } from './console.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
import { tapReporter } from './tap.js';

export const REPORTER_NAMES = ['console', 'json', 'junit', 'html', 'tap', 'markdown'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** Every report format by its `--reporter` name. */
export const REPORTERS: Readonly<Record<ReporterName, Reporter>> = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  html: htmlReporter,
  tap: tapReporter,
  markdown: markdownReporter,
};

/** A `--reporter` name that is not in {@link REPORTERS}: a usage error, never silently ignored. */
export class UnknownReporterError extends Error {
  constructor(readonly reporter: string) {
    super(`unknown reporter "${reporter}"; known reporters: ${REPORTER_NAMES.join(', ')}`);
    this.name = 'UnknownReporterError';
  }
}

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

/**
 * The reporters for `--reporter` values, in the order given, each once.
 *
 * @example
 * resolveReporters(['console', 'junit', 'console']) // [consoleReporter, junitReporter]
 * resolveReporters(['xml']) // throws UnknownReporterError
 */
export function resolveReporters(names: readonly string[]): Reporter[] {
  const resolved = new Set<Reporter>();
  for (const name of names) {
    if (!isReporterName(name)) throw new UnknownReporterError(name);
    resolved.add(REPORTERS[name]);
  }
  return [...resolved];
}
