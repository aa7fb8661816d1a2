import { join } from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './ajv.js';
import { bundle } from './bundle.js';
import { ContractError } from './contract-error.js';
import { isObject, type Json, type JsonObject } from './json.js';
import { precompiledFor } from './precompiled.js';
import { BASE_URI, readProfileFiles } from './profile-files.js';

export const PROFILE_IDS = ['vcf', 'oracle-commerce', 'dreadnode', 'flolive', 'kirjaswappi'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export function isProfileId(value: string): value is ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(value);
}

/**
 * The kind of fact behind a documented response: on the vendor's page or OpenAPI (`documented`), a
 * name the vendor's page lost and tokenrig restored (`reconstructed`), what the vendor's own server or
 * client code does (`observed`), or tokenrig's own choice (`assumed`).
 */
export const PROVENANCES = ['documented', 'reconstructed', 'observed', 'assumed'] as const;
export type Provenance = (typeof PROVENANCES)[number];

function isProvenance(value: unknown): value is Provenance {
  return (PROVENANCES as readonly unknown[]).includes(value);
}

export interface ResponseContract {
  /** A status code, or `default` where the vendor documents a catch-all error response. */
  readonly status: number | 'default';
  readonly provenance: Provenance;
  /** Media types the vendor documents for this response; empty when the response has no body. */
  readonly contentTypes: readonly string[];
  readonly validate?: ValidateFunction;
}

export interface OperationContract {
  readonly profile: ProfileId;
  readonly id: string;
  readonly method: string;
  /** OpenAPI path template, e.g. `/v1/tokens/access-token/refresh`. */
  readonly path: string;
  readonly requestContentTypes: readonly string[];
  readonly requestRequired: boolean;
  readonly validateRequest?: ValidateFunction;
  /** The request body's schema as written (external file references resolved), for generating inputs. */
  readonly requestSchema?: unknown;
  readonly responses: readonly ResponseContract[];
}

export interface ProfileContract {
  readonly id: ProfileId;
  readonly title: string;
  readonly operations: ReadonlyMap<string, OperationContract>;
  /** The OpenAPI document with every external schema inlined under components.schemas. */
  readonly bundled: Readonly<Record<string, unknown>>;
  /** Every schema file of the profile by file name (`refresh.response.schema.json`), compiled on first get. */
  readonly schemas: SchemaFiles;
}

/** A profile's schema files; `get` compiles one on first use (ContractError if it does not compile). */
export interface SchemaFiles {
  has(file: string): boolean;
  get(file: string): ValidateFunction | undefined;
}

export { createAjv } from './ajv.js';
export { ContractError } from './contract-error.js';

import { SCHEMAS_DIR } from './package-root.js';

export { SCHEMAS_DIR };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface LoadOptions {
  /** Check each schema against the JSON Schema meta-schema when ajv compiles it. */
  readonly validateSchemas?: boolean;
  /** Where the build's prebuilt validators are (precompiled.ts; used where they match), or none. */
  readonly precompiled?: false | URL;
  /** The ajv to compile with (precompile.ts passes one that keeps source code). */
  readonly ajv?: Ajv2020;
  /** Told of every validator ajv compiles: its contract key and the schema $id ajv knows it by. */
  readonly onCompile?: (profile: ProfileId, key: string, schemaId: string) => void;
}

/**
 * Loads every profile's OpenAPI document and schemas, once. The mock, the runner and the tests all
 * read the vendor contracts through this, so there is one set of schemas and one compile, or none
 * where the build has compiled them already.
 */
export function loadContracts(
  ids: readonly ProfileId[] = PROFILE_IDS,
  dir = SCHEMAS_DIR,
  options: LoadOptions = {},
): Map<ProfileId, ProfileContract> {
  let ajv = options.ajv;
  const shared = () => (ajv ??= createAjv({ validateSchema: options.validateSchemas ?? true }));
  const contracts = new Map<ProfileId, ProfileContract>();
  for (const id of ids) contracts.set(id, loadProfile(shared, id, join(dir, id), options));
  return contracts;
}

/** The key of a schema file's validator among a profile's contract keys. */
const fileKey = (name: string): string => `file ${name}`;

function loadProfile(
  shared: () => Ajv2020,
  id: ProfileId,
  dir: string,
  options: LoadOptions,
): ProfileContract {
  const { files, doc, digest } = readProfileFiles(id, dir);
  const prebuilt =
    options.precompiled === false ? undefined : precompiledFor(id, digest, options.precompiled);
  // The build compiled exactly these texts, so they load; otherwise ajv takes them now, so a schema
  // that does not load is still an error at start.
  let added = false;
  const ajv = (): Ajv2020 => {
    if (added) return shared();
    added = true;
    for (const [name, schema] of files) {
      try {
        shared().addSchema(schema);
      } catch (cause) {
        throw new ContractError(`${id}/${name} does not load: ${(cause as Error).message}`, { cause });
      }
    }
    return shared();
  };
  if (!prebuilt) ajv();
  let seq = 0;
  const compile = (schema: Json, where: string): ValidateFunction => {
    const ready = prebuilt?.get(where);
    if (ready) return ready;
    // Inline schemas in the document refer to files relatively; a synthetic $id in the profile's folder
    // makes those references resolve exactly as they do from the document on disk.
    const wrapped = {
      $id: `${BASE_URI}/${id}/__openapi_${seq++}.json`,
      $ref: '#/$defs/s',
      $defs: { s: schema },
    };
    try {
      const validate = ajv().compile(wrapped);
      options.onCompile?.(id, where, wrapped.$id);
      return validate;
    } catch (cause) {
      throw new ContractError(`${id} ${where}: schema does not compile: ${(cause as Error).message}`, {
        cause,
      });
    }
  };

  const operations = new Map<string, OperationContract>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opId = String(op.operationId);
      const where = `${method.toUpperCase()} ${path}`;
      const body = isObject(op.requestBody) ? op.requestBody : undefined;
      const bodyContent = body && isObject(body.content) ? body.content : {};
      const firstMedia = Object.values(bodyContent)[0];
      const requestSchema = isObject(firstMedia) ? firstMedia.schema : undefined;
      const responses: ResponseContract[] = [];
      for (const [key, response] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        if (!isObject(response)) continue;
        const content = isObject(response.content) ? response.content : {};
        const media = Object.values(content)[0];
        const schema = isObject(media) ? media.schema : undefined;
        const provenance = response['x-tokenrig-provenance'];
        if (!isProvenance(provenance)) {
          throw new ContractError(`${id} ${where} ${key}: x-tokenrig-provenance missing or unknown`);
        }
        const entry: ResponseContract = {
          status: key === 'default' ? 'default' : Number(key),
          provenance,
          contentTypes: Object.keys(content),
        };
        responses.push(
          schema === undefined
            ? entry
            : defineLazy(entry, 'validate', () => compile(schema, `${where} ${key}`)),
        );
      }
      const operation: OperationContract = {
        profile: id,
        id: opId,
        method: method.toUpperCase(),
        path,
        requestContentTypes: Object.keys(bodyContent),
        requestRequired: body?.required === true,
        ...(requestSchema === undefined ? {} : { requestSchema: resolveFileRef(requestSchema, files) }),
        responses,
      };
      operations.set(
        opId,
        requestSchema === undefined
          ? operation
          : defineLazy(operation, 'validateRequest', () => compile(requestSchema, `${where} request`)),
      );
    }
  }
  const info = isObject(doc.info) ? doc.info : {};
  const schemas: SchemaFiles = {
    has: (name) => files.has(name),
    get(name) {
      if (!files.has(name)) return undefined;
      const ready = prebuilt?.get(fileKey(name));
      if (ready) return ready;
      try {
        // ajv compiles a schema added with addSchema on its first getSchema, and keeps it.
        const validate = ajv().getSchema(`${BASE_URI}/${id}/${name}`);
        if (!validate) throw new Error('ajv returned no validator');
        options.onCompile?.(id, fileKey(name), `${BASE_URI}/${id}/${name}`);
        return validate;
      } catch (cause) {
        throw new ContractError(`${id}/${name} does not compile: ${(cause as Error).message}`, { cause });
      }
    },
  };
  return { id, title: String(info.title ?? id), operations, bundled: bundle(doc, files), schemas };
}

/**
 * A validator compiled on first use, then kept. Compiling every schema at load was half of the mock's
 * cold start, and a run touches few of them; a schema that does not compile still throws ContractError
 * (at first use), and schemas/openapi.test.ts compiles every one in CI.
 */
function defineLazy<T extends object>(target: T, key: string, compile: () => ValidateFunction): T {
  let compiled: ValidateFunction | undefined;
  // A getter, not a value: an object spread would evaluate it, so the objects are built, then given it.
  Object.defineProperty(target, key, { enumerable: true, get: () => (compiled ??= compile()) });
  return target;
}

/** A `{"$ref": "./x.schema.json"}` as the file it names; anything else as it is. */
function resolveFileRef(schema: Json, files: ReadonlyMap<string, JsonObject>): Json {
  const ref =
    isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref.replace(/^\.\//, '') : undefined;
  return (ref !== undefined && files.get(ref)) || schema;
}

/** The documented response for a status: an exact match first, then `default`. */
export function responseFor(op: OperationContract, status: number): ResponseContract | undefined {
  return op.responses.find((r) => r.status === status) ?? op.responses.find((r) => r.status === 'default');
}

/** Whether the vendor documents this status for the operation (a `default` covers 4xx and 5xx). */
export function isDocumentedStatus(op: OperationContract, status: number): boolean {
  if (op.responses.some((r) => r.status === status)) return true;
  return status >= 400 && op.responses.some((r) => r.status === 'default');
}

export function successStatuses(op: OperationContract): number[] {
  return op.responses.flatMap((r) => (typeof r.status === 'number' && r.status < 300 ? [r.status] : []));
}

export type { ErrorObject, ValidateFunction };
