import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractError } from './contract-error.js';

/**
 * The package's own folder, found from this file whether it runs from source, from dist/, or bundled
 * into dist/tokenrig.mjs (where every module shares the bundle's location): the folder above it that
 * holds package.json and the schemas.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The package's schemas/ folder. */
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas', 'vcf', 'openapi.json'))) {
      return dir;
    }
    if (dirname(dir) === dir)
      throw new ContractError(`cannot find tokenrig's schemas/ folder above ${start}`);
  }
}
