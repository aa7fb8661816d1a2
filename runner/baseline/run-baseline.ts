import { CliError, EXIT } from '../exit-codes.js';
import type { CaseResult } from '../model.js';
import type { Execution } from '../run/summary.js';
import { applyBaseline, type BaselineContext, classifyCase } from './classify.js';
import { BaselineError, readBaseline, schemaRefFor, writeBaseline } from './file.js';
import { dayOf } from './key.js';
import { PLACEHOLDER_REASON, updateBaseline } from './update.js';

/** A run's --baseline: cases classified as they end, the execution settled, the file written last. */
export interface RunBaseline {
  /** A finished case as the progress output shows it (known or new). */
  classify(result: CaseResult): CaseResult;
  /** The execution with every case classified and the summary; under --update-baseline, the new file. */
  settle(execution: Execution): { execution: Execution; commit: () => void };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Opens `file` for a run (before any request, so a bad file is exit 2 at once). Without --baseline,
 * undefined; --update-baseline alone is a usage error.
 */
export function openRunBaseline(
  file: string | undefined,
  update: boolean,
  strict: boolean,
  say: (line: string) => void,
  now: Date = new Date(),
): RunBaseline | undefined {
  if (file === undefined) {
    if (update) throw new CliError('--update-baseline needs --baseline FILE (the file to write)', EXIT.USAGE);
    return undefined;
  }
  let loaded: ReturnType<typeof readBaseline>;
  try {
    loaded = readBaseline(file, { missingOk: update });
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const context: BaselineContext = {
    file,
    entries: loaded?.entries ?? [],
    strict,
    today: dayOf(now.toISOString()),
  };
  return {
    classify: (result) => classifyCase(result, context),
    settle(execution) {
      if (!update) {
        const { cases, summary } = applyBaseline(execution.cases, context);
        return { execution: { ...execution, cases, baseline: summary }, commit: () => {} };
      }
      // A run that could not reach a profile failed its cases for want of a session: recording those
      // as known failures would excuse the next outage.
      if (execution.halt) {
        const { cases, summary } = applyBaseline(execution.cases, context);
        const commit = () => say(`baseline ${file} not updated: ${execution.halt?.reason}`);
        return { execution: { ...execution, cases, baseline: summary }, commit };
      }
      const next = updateBaseline(execution.cases, context);
      const { cases, summary } = applyBaseline(execution.cases, { ...context, entries: next.entries });
      const commit = () => {
        try {
          writeBaseline(file, { $schema: loaded?.$schema ?? schemaRefFor(file), entries: next.entries });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          throw new CliError(`cannot write baseline ${file}: ${why}`, EXIT.USAGE);
        }
        const parts = [
          plural(next.entries.length, 'entry', 'entries'),
          `${next.added.length} added${next.added.length ? ` (reason "${PLACEHOLDER_REASON.slice(0, 4)}…": fill them in)` : ''}`,
          `${next.removed.length} stale removed`,
        ];
        say(`baseline ${file} written: ${parts.join(', ')}`);
        if (next.expired.length > 0) {
          say(
            `baseline: ${plural(next.expired.length, 'expired entry still matches', 'expired entries still match')} ` +
              'a failure: move "expires" on, or fix the failure',
          );
        }
      };
      return { execution: { ...execution, cases, baseline: summary }, commit };
    },
  };
}
