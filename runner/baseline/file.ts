import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, SCHEMAS_DIR } from '../../schemas/load.js';
import type { BaselineEntry } from '../model.js';
import { compareEntries, keyId } from './key.js';

/** The baseline file as read or as written: the known failures and, for editors, its schema. */
export interface BaselineFile {
  readonly $schema?: string;
  readonly entries: readonly BaselineEntry[];
}

/** A baseline file that cannot be used: the file, the JSON pointer and what is wrong (exit 2). */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`${file}${pointer === '' ? '' : ` at ${pointer}`}: ${problem}`);
    this.name = 'BaselineError';
  }
}

export const BASELINE_SCHEMA_FILE = join(SCHEMAS_DIR, 'baseline.schema.json');

let validator: ValidateFunction | undefined;

// Compiled at the first --baseline only, without the meta-schema check (the schema test does that):
// a run without a baseline pays nothing for it.
function validateBaseline(): ValidateFunction {
  validator ??= createAjv({ validateSchema: false }).compile(
    JSON.parse(readFileSync(BASELINE_SCHEMA_FILE, 'utf8')),
  );
  return validator;
}

/** The first ajv error in words a user can act on, at its pointer. */
function describe(errors: readonly ErrorObject[]): { pointer: string; problem: string } {
  // An entry with neither check nor title fails both anyOf branches and then anyOf itself: one cause.
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  const first = errors.find((e) => !e.schemaPath.includes('/anyOf/')) ?? anyOf ?? errors[0];
  if (!first) return { pointer: '', problem: 'does not match schemas/baseline.schema.json' };
  if (first.keyword === 'anyOf') {
    return { pointer: first.instancePath, problem: 'an entry needs a check, a title or both' };
  }
  const extra =
    first.params && 'additionalProperty' in first.params ? ` (${first.params.additionalProperty})` : '';
  return { pointer: first.instancePath, problem: `${first.message ?? 'is invalid'}${extra}` };
}

/** Parses and validates a baseline's text; throws BaselineError at the first problem. */
export function parseBaseline(file: string, text: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(file, '', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const validate = validateBaseline();
  if (!validate(data)) {
    const { pointer, problem } = describe(validate.errors ?? []);
    throw new BaselineError(file, pointer, problem);
  }
  // The schema just checked it: an object with entries of the BaselineEntry shape.
  const baseline = data as BaselineFile;
  // Two entries for one failure would make "which reason, which expiry" a matter of file order.
  const seen = new Map<string, number>();
  baseline.entries.forEach((entry, i) => {
    const id = keyId(entry.case, entry);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new BaselineError(file, `/entries/${i}`, `the same case, check and title as /entries/${earlier}`);
    }
    seen.set(id, i);
  });
  return baseline;
}

/**
 * Reads `file`; a missing file is undefined when `missingOk` (--update-baseline creates it), else an
 * error that says how to create it.
 */
export function readBaseline(file: string, { missingOk }: { missingOk: boolean }): BaselineFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // readFileSync throws Node's system errors, which carry an errno code.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return undefined;
    if (code === 'ENOENT') {
      throw new BaselineError(file, '', 'no such file (create it from a run with --update-baseline)');
    }
    throw new BaselineError(file, '', `cannot be read: ${code ?? String(error)}`);
  }
  return parseBaseline(file, text);
}

/** The schema's path as seen from the baseline's folder, for editors (POSIX separators). */
export function schemaRefFor(file: string): string {
  const path = relative(dirname(file), BASELINE_SCHEMA_FILE).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The file's text: entries sorted, keys in one order, two-space indent, a final newline. */
export function serializeBaseline(baseline: BaselineFile): string {
  const entries = [...baseline.entries].sort(compareEntries).map((e) => ({
    case: e.case,
    ...(e.check === undefined ? {} : { check: e.check }),
    ...(e.title === undefined ? {} : { title: e.title }),
    reason: e.reason,
    ...(e.expires === undefined ? {} : { expires: e.expires }),
    ...(e.intermittent === undefined ? {} : { intermittent: e.intermittent }),
  }));
  const out = { ...(baseline.$schema === undefined ? {} : { $schema: baseline.$schema }), entries };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Writes the file whole or not at all: a run cut short never leaves half a baseline behind. */
export function writeBaseline(file: string, baseline: BaselineFile): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serializeBaseline(baseline), 'utf8');
  renameSync(temporary, file);
}
