import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './reporter.js';

/**
 * Writes `<outDir>/report.json`: the RunReport as is, the format described by
 * `schemas/report.schema.json`, for tools and for diffing runs.
 */
export const jsonReporter: Reporter = {
  name: 'json',
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.json');
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
    return [path];
  },
};
