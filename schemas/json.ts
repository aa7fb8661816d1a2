import { readFileSync } from 'node:fs';
import { ContractError } from './contract-error.js';

/** JSON as parsed, for walking documents and schemas without casts. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file's text, read failures as the ContractError readJsonObject gives. */
export function readJsonText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ContractError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
}

/** A JSON object file; `text` when the caller has already read it (to fingerprint it too). */
export function readJsonObject(path: string, text?: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ContractError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  if (!isObject(parsed)) throw new ContractError(`${path} is not a JSON object`);
  return parsed;
}
