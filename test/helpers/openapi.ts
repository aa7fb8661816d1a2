import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Test } from 'tap';

/**
 * What the tests of the profile contracts under schemas/ share: reading the documents, walking JSON
 * and JSON Schema positions, one strict Ajv per profile, and verdicts on bodies.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

const addFormats = addFormatsModule.default;
/** The schemas folder, where each profile has its own. */
export const HERE = join(import.meta.dirname, '../../schemas');
export const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
export const BASE = 'https://tokenrig.dev/schemas';
export const PROVENANCE = new Set(['documented', 'reconstructed', 'observed', 'assumed']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readJson(path: string): JsonObject {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Json;
  if (!isObject(parsed)) throw new Error(`${path}: not a JSON object`);
  return parsed;
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Resolves a JSON pointer ("" or "/a/b") inside a document; undefined when it does not exist. */
export function resolvePointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = unescapePointer(decodeURIComponent(raw));
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.hasOwn(node, key) ? node[key] : undefined;
    else return undefined;
  }
  return node;
}

/** Visits every value of a JSON document with its JSON pointer. */
export function walk(node: Json, pointer: string, visit: (value: Json, pointer: string) => void): void {
  visit(node, pointer);
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${pointer}/${i}`, visit);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${escapePointer(key)}`, visit);
  }
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
];

/** Visits every schema position (not every JSON value) of a JSON Schema. */
export function walkSchema(
  schema: Json,
  pointer: string,
  visit: (schema: JsonObject, pointer: string) => void,
): void {
  if (!isObject(schema)) return;
  visit(schema, pointer);
  for (const keyword of SUBSCHEMA_MAPS) {
    const map = schema[keyword];
    if (isObject(map)) {
      for (const [name, sub] of Object.entries(map)) {
        walkSchema(sub, `${pointer}/${keyword}/${escapePointer(name)}`, visit);
      }
    }
  }
  for (const keyword of SUBSCHEMA_LISTS) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) walkSchema(sub, `${pointer}/${keyword}/${i}`, visit);
  }
  for (const keyword of SUBSCHEMA_SINGLE) {
    const sub = schema[keyword];
    if (sub !== undefined) walkSchema(sub, `${pointer}/${keyword}`, visit);
  }
}

export const fragment = (pointer: string): string =>
  pointer
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');

export interface Profile {
  id: string;
  dir: string;
  openapi: JsonObject;
  /** file name → schema document */
  schemas: Map<string, JsonObject>;
  ajv: Ajv2020;
}

export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

export function loadProfile(id: string): Profile {
  const dir = join(HERE, id);
  const schemas = new Map<string, JsonObject>();
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.schema.json')) schemas.set(file, readJson(join(dir, file)));
  }
  return { id, dir, openapi: readJson(join(dir, 'openapi.json')), schemas, ajv: newAjv() };
}

/** A compiled validator for one schema file of a profile, by file name. */
export function validatorFor(profile: Profile, file: string): ValidateFunction {
  const validate = profile.ajv.getSchema(`${BASE}/${profile.id}/${file}`);
  if (!validate) throw new Error(`${profile.id}/${file} is not registered`);
  return validate;
}

export const errorText = (validate: ValidateFunction): string =>
  JSON.stringify(validate.errors ?? [], null, 1);

export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  operation: JsonObject;
}

export function operationsOf(openapi: JsonObject): OperationEntry[] {
  const result: OperationEntry[] = [];
  const paths = openapi.paths;
  if (!isObject(paths)) return result;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isObject(operation) && typeof operation.operationId === 'string') {
        result.push({ operationId: operation.operationId, method, path, operation });
      }
    }
  }
  return result;
}

/** The profile folders under schemas/, sorted. */
export function profileFolders(): string[] {
  return readdirSync(HERE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Every profile with its schema files added to its Ajv, for the tests that validate bodies; the one
 * that checks that they compile (openapi.test.ts) loads its own, unregistered.
 */
export function registeredProfiles(): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const id of profileFolders()) {
    const profile = loadProfile(id);
    for (const schema of profile.schemas.values()) profile.ajv.addSchema(schema);
    profiles.set(id, profile);
  }
  return profiles;
}

/** Asserts accept/reject verdicts of one schema file of the given profiles for a list of bodies. */
export function verdictsOf(profiles: ReadonlyMap<string, Profile>) {
  return function verdicts(
    t: Test,
    profileId: string,
    file: string,
    cases: [label: string, body: Json, valid: boolean][],
  ): void {
    const profile = profiles.get(profileId);
    if (!profile) {
      t.fail(`${profileId} missing`);
      return;
    }
    const validate = validatorFor(profile, file);
    for (const [label, body, valid] of cases) {
      t.equal(validate(body), valid, `${profileId}/${file}: ${valid ? 'accepts' : 'rejects'} ${label}`, {
        errors: errorText(validate),
      });
    }
  };
}
