import { constants } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import type { Reporter } from '../reporters/reporter.js';

/**
 * Before the run: makes sure `--out` can take the reports (a run whose reports cannot be written is
 * refused before any request, exit 2) and removes the files these reporters write, none of which is
 * this run's yet.
 */
export async function prepareOut(reporters: readonly Reporter[], outDir: string): Promise<void> {
  const files = reporters.flatMap((r) => r.files ?? []);
  if (files.length === 0) return;
  try {
    await mkdir(outDir, { recursive: true });
    await access(outDir, constants.W_OK);
    for (const name of files) await rm(join(outDir, name), { force: true });
  } catch (error) {
    throw new CliError(
      `--out ${outDir}: reports cannot be written there (${systemMessage(error)})`,
      EXIT.USAGE,
    );
  }
}

/** A file system error as one line (`EACCES: permission denied, mkdir 'x'`); anything else is a bug. */
export function systemMessage(error: unknown): string {
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string')
    return error.message;
  throw error;
}
