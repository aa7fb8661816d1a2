import type { RunReport } from '../model.js';
import type { Reporter, ReporterContext, WrittenReport } from './reporter.js';

/**
 * Finishes every reporter: the file writers first, then those that finish last (the console) with the
 * list of files written, so the console's closing lines can say where each report went. A reporter
 * that fails (a full disk) does not keep the others from finishing; the first error is thrown after.
 */
export async function finishReporters(
  reporters: readonly Reporter[],
  report: RunReport,
  contextFor: (name: string) => ReporterContext,
): Promise<WrittenReport[]> {
  const written: WrittenReport[] = [];
  const errors: unknown[] = [];
  for (const reporter of reporters.filter((r) => !r.last)) {
    try {
      for (const path of await reporter.finish(report, contextFor(reporter.name)))
        written.push({ reporter: reporter.name, path });
    } catch (error) {
      errors.push(error);
    }
  }
  for (const reporter of reporters.filter((r) => r.last)) {
    try {
      await reporter.finish(report, { ...contextFor(reporter.name), written });
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
  return written;
}
