import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT } from './package-root.js';

/**
 * Validators the build compiled ahead of time (ajv's standalone code, `schemas/precompile.ts`), one
 * CommonJS file per profile in dist/schemas/validators/ so it loads synchronously. Compiling the
 * schemas at start was the largest part of a run's start-up; the schemas stay the only source, since
 * the build generates these from them and a file is used only for the exact schema texts it was built
 * from (`digest`): after an edit without a rebuild, the schemas compile as before. Found from the
 * package root, not this module: the bundled CLI (dist/tokenrig.mjs) is one module for every source file.
 */
export const PRECOMPILED_DIR = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'schemas', 'validators', '/'));

/** What a generated file exports: its schemas' digest, and each validator's export by contract key. */
export interface PrecompiledModule {
  readonly digest: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly [exported: string]: unknown;
}

/** A fingerprint of a profile's schema texts, by file name, in a fixed order. */
export function schemaDigest(texts: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const name of [...texts.keys()].sort()) hash.update(`${name}\0${texts.get(name)}\0`);
  return hash.digest('hex');
}

const require = createRequire(import.meta.url);

/** The profile's prebuilt validators by contract key, when built from exactly these texts. */
export function precompiledFor(
  id: string,
  digest: string,
  dir: URL = PRECOMPILED_DIR,
): ReadonlyMap<string, ValidateFunction> | undefined {
  const file = new URL(`${id}.cjs`, dir);
  if (!existsSync(file)) return undefined;
  // A generated CommonJS module of the shape written by precompile.ts.
  const mod = require(file.pathname) as PrecompiledModule;
  if (mod.digest !== digest) return undefined;
  const validators = new Map<string, ValidateFunction>();
  for (const [key, exported] of Object.entries(mod.keys)) {
    // ajv's standalone functions are its ValidateFunction (errors on the function), without the ajv
    // instance fields (schema, schemaEnv) that no consumer of a contract reads.
    validators.set(key, mod[exported] as ValidateFunction);
  }
  return validators;
}

/** The suite schema's key, and its file's name in dist/schemas/validators/. */
export const SUITE_SCHEMA_KEY = 'suite';

/** schemas/suite.schema.json, parsed, with the digest its prebuilt validator is filed under. */
export function readSuiteSchema(dir: string): { schema: SchemaObject; digest: string } {
  const text = readFileSync(join(dir, 'suite.schema.json'), 'utf8');
  // Our own file, a JSON object: ajv takes it as one.
  const schema = JSON.parse(text) as SchemaObject;
  return { schema, digest: schemaDigest(new Map([['suite.schema.json', text]])) };
}
