import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './reporter.js';
import { withCurlVariables } from './view.js';

/**
 * Writes `<outDir>/report.json`: the RunReport, the format described by `schemas/report.schema.json`,
 * for tools and for diffing runs. Folded findings stay nested under their root (`consequents`), and
 * `curlVariables` says how to obtain each shell variable the curl lines read.
 */
export const jsonReporter: Reporter = {
  name: 'json',
  files: ['report.json'],
  async finish(report, ctx) {
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.json');
    await writeFile(path, `${JSON.stringify(withCurlVariables(report), null, 2)}\n`, 'utf8');
    return [path];
  },
};
