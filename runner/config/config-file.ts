import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { createAjv, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { isReporterName, REPORTER_NAMES } from '../reporters/index.js';
import { closestName } from '../suite/closest-name.js';

/** The file `tokenrig run` and `validate` read from the working directory when no --config is given. */
export const CONFIG_FILE = 'tokenrig.config.json';

/** A path as messages show it: relative to the working directory when inside it, else absolute. */
export function relativeName(path: string): string {
  const name = relative(process.cwd(), path);
  return name === '' || name.startsWith('..') ? resolve(path) : name;
}

/** TypeScript view of schemas/config.schema.json; a file is validated against it before use. */
export interface TokenrigConfig {
  readonly target?: string;
  readonly apis?: readonly ProfileId[];
  readonly suites?: readonly string[];
  readonly username?: string;
  readonly reporters?: readonly string[];
  readonly out?: string;
  readonly baseline?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly strict?: boolean;
  readonly grep?: string;
  readonly concurrency?: number;
  readonly timeout?: number;
  readonly maxBody?: number;
  readonly seed?: number;
  readonly fuzz?: number;
}

/** A configuration file that cannot be used: the file, the JSON pointer of the problem, exit 2. */
export class ConfigError extends CliError {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`${file}${pointer === '' ? '' : ` at ${pointer}`}: ${problem}`, EXIT.USAGE);
    this.name = 'ConfigError';
  }
}

type Validator = ReturnType<ReturnType<typeof createAjv>['compile']>;
let compiled: { validate: Validator; keys: readonly string[] } | undefined;

/** Compiled at the first config file read: a run without one pays nothing for it. */
function configSchema(): { validate: Validator; keys: readonly string[] } {
  if (!compiled) {
    // Parsed JSON: an object, with the properties every key of the file is checked against.
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'config.schema.json'), 'utf8')) as {
      properties: object;
    };
    // Meta-validated by runner/config/config-file.test.ts rather than at every start.
    const validate = createAjv({ validateSchema: false }).compile(schema);
    compiled = { validate, keys: Object.keys(schema.properties).filter((k) => k !== '$schema') };
  }
  return compiled;
}

const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The first ajv error as a pointer and a sentence; an unknown key is named, with the likeliest meant one. */
function describe(error: ErrorObject | undefined): { pointer: string; problem: string } {
  const params: Record<string, unknown> = error?.params ?? {};
  const extra = params.additionalProperty;
  if (typeof extra === 'string') {
    const { keys } = configSchema();
    const near = extra === 'password' ? undefined : closestName(extra, keys);
    const why =
      extra === 'password'
        ? 'a password does not belong in a file kept with the code: give --password'
        : near
          ? `did you mean \`${near}\`?`
          : `the keys are ${keys.join(', ')}`;
    return {
      pointer: `${error?.instancePath ?? ''}/${pointerKey(extra)}`,
      problem: `unknown key ${extra}: ${why}`,
    };
  }
  const name = error?.propertyName;
  const at = `${error?.instancePath ?? ''}${name === undefined ? '' : `/${pointerKey(name)}`}`;
  return { pointer: at, problem: `${name === undefined ? '' : 'the name '}${error?.message ?? 'invalid'}` };
}

/**
 * Reads and validates a configuration file (schemas/config.schema.json, unknown keys refused, reporter
 * names checked), with its relative paths made absolute against the file's own folder. Every problem
 * is a ConfigError at its JSON pointer: exit 2.
 */
export function readConfig(path: string): TokenrigConfig {
  const file = relativeName(path);
  let text: string;
  try {
    if (statSync(path).isDirectory())
      throw new ConfigError(file, '', 'is a folder, not a configuration file');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, '', 'no such configuration file');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `not valid JSON: ${(error as Error).message}`); // JSON.parse throws SyntaxError
  }
  const check = configSchema().validate;
  if (!check(data)) {
    const { pointer, problem } = describe(check.errors?.[0]);
    throw new ConfigError(file, pointer, problem);
  }
  const config = data as TokenrigConfig; // valid against the schema TokenrigConfig mirrors
  const unknown = config.reporters?.findIndex((name) => !isReporterName(name)) ?? -1;
  if (unknown >= 0) {
    const name = config.reporters?.[unknown] ?? '';
    const near = closestName(name, REPORTER_NAMES);
    throw new ConfigError(
      file,
      `/reporters/${unknown}`,
      `unknown reporter ${name}${near ? `; did you mean \`${near}\`?` : ''} (there are ${REPORTER_NAMES.join(', ')})`,
    );
  }
  const folder = dirname(resolve(path));
  const at = (p: string) => resolve(folder, p);
  return {
    ...config,
    ...(config.suites ? { suites: config.suites.map(at) } : {}),
    ...(config.out ? { out: at(config.out) } : {}),
    ...(config.baseline ? { baseline: at(config.baseline) } : {}),
  };
}
