import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContractError } from './contract-error.js';
import { type JsonObject, readJsonObject, readJsonText } from './json.js';
import { schemaDigest } from './precompiled.js';

export const BASE_URI = 'https://tokenrig.dev/schemas';

/** A profile's folder as read: its schema files by name, its OpenAPI document, their texts' digest. */
export interface ProfileFiles {
  readonly files: ReadonlyMap<string, JsonObject>;
  readonly doc: JsonObject;
  readonly digest: string;
}

export function readProfileFiles(id: string, dir: string): ProfileFiles {
  const files = new Map<string, JsonObject>();
  const texts = new Map<string, string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
    const text = readJsonText(join(dir, name));
    const schema = readJsonObject(join(dir, name), text);
    if (schema.$id !== `${BASE_URI}/${id}/${name}`) {
      throw new ContractError(`${id}/${name}: $id must be ${BASE_URI}/${id}/${name}`);
    }
    files.set(name, schema);
    texts.set(name, text);
  }
  const docText = readJsonText(join(dir, 'openapi.json'));
  texts.set('openapi.json', docText);
  return { files, doc: readJsonObject(join(dir, 'openapi.json'), docText), digest: schemaDigest(texts) };
}
