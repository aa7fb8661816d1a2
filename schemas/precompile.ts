import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv } from './ajv.js';
import { ContractError } from './contract-error.js';
import { loadContracts, PROFILE_IDS, type ProfileId, SCHEMAS_DIR } from './load.js';
import { PRECOMPILED_DIR, readSuiteSchema, SUITE_SCHEMA_KEY } from './precompiled.js';
import { readProfileFiles } from './profile-files.js';

/**
 * Each profile's validators, and the suite schema's, as CommonJS source (ajv's standalone code), compiled from schemas/ as they
 * are now: every response, request and schema file, so a schema that does not compile fails the build
 * loudly (ContractError), as it would fail a run.
 */
export function precompiledSources(dir = SCHEMAS_DIR): Map<string, string> {
  const ajv = createAjv({ validateSchema: true, source: true });
  const ids = new Map<ProfileId, Map<string, string>>();
  const contracts = loadContracts(PROFILE_IDS, dir, {
    ajv,
    precompiled: false,
    onCompile: (profile, key, schemaId) => {
      const keys = ids.get(profile) ?? new Map<string, string>();
      keys.set(key, schemaId);
      ids.set(profile, keys);
    },
  });
  const digests = new Map<ProfileId, string>();
  for (const contract of contracts.values()) {
    // Reading a validator compiles it (load.ts compiles on first use).
    for (const op of contract.operations.values()) {
      void op.validateRequest;
      for (const response of op.responses) void response.validate;
    }
    const { files, digest } = readProfileFiles(contract.id, join(dir, contract.id));
    for (const name of files.keys()) contract.schemas.get(name);
    digests.set(contract.id, digest);
  }
  const sources = new Map<string, string>();
  for (const [profile, digest] of digests) {
    sources.set(profile, moduleSource(ajv, digest, ids.get(profile) ?? new Map<string, string>()));
  }
  const suite = readSuiteSchema(dir);
  const suiteAjv = createAjv({ validateSchema: true, source: true });
  try {
    suiteAjv.compile(suite.schema);
  } catch (cause) {
    throw new ContractError(`suite.schema.json does not compile: ${(cause as Error).message}`, { cause });
  }
  sources.set(
    SUITE_SCHEMA_KEY,
    moduleSource(suiteAjv, suite.digest, new Map([[SUITE_SCHEMA_KEY, String(suite.schema.$id)]])),
  );
  return sources;
}

/** A CommonJS module exporting each compiled schema, its digest and its export names by contract key. */
function moduleSource(ajv: Ajv2020, digest: string, schemaIds: ReadonlyMap<string, string>): string {
  const keys = [...schemaIds];
  const refs = Object.fromEntries(keys.map(([, schemaId], i) => [`v${i}`, schemaId]));
  const index = Object.fromEntries(keys.map(([key], i) => [key, `v${i}`]));
  const code = standaloneModule.default(ajv, refs);
  return `${code}\nexports.digest = ${JSON.stringify(digest)};\nexports.keys = ${JSON.stringify(index)};\n`;
}

/** Writes dist/schemas/validators/<profile>.cjs and suite.cjs; the build runs it after tsc (bin/). */
export function writePrecompiled(out: URL = PRECOMPILED_DIR): void {
  mkdirSync(out, { recursive: true });
  for (const [profile, source] of precompiledSources()) {
    writeFileSync(new URL(`${profile}.cjs`, out), source);
  }
}
