import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createAjv, type ProfileContract, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { precompiledFor, readSuiteSchema, SUITE_SCHEMA_KEY } from '../../schemas/precompiled.js';
import { consistencyProblem } from './consistency.js';
import { SuiteError } from './error.js';
import { type JsonObject, resolveFragments } from './fragments.js';
import type { Origins } from './origins.js';
import { references, type SuiteVariables } from './references.js';
import type { Suite } from './types.js';
import { unreachableProblems } from './unreachable.js';

export { SuiteError } from './error.js';

/** The suites shipped with tokenrig, one folder per profile. */
export const SUITES_DIR = join(dirname(SCHEMAS_DIR), 'suites');

/** Something a suite's author should hear of that does not stop it from running (an unused fragment). */
export interface SuiteWarning {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export interface LoadedSuite {
  readonly file: string;
  /** The suite with every fragment resolved: what the runner sees. */
  readonly suite: Suite;
  readonly warnings: readonly SuiteWarning[];
  /** What the suite takes from `--var`: `tokenrig validate` says it. */
  readonly variables: SuiteVariables;
}

export interface LoadOptions {
  /**
   * The `--var` names the run will have (`tokenrig run`: those given; `validate`: its own --var). Every
   * placeholder must be one of them, a built-in or an earlier capture.
   */
  readonly vars?: readonly string[];
}

let validateSuite: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

function suiteValidator() {
  if (!validateSuite) {
    const { schema, digest } = readSuiteSchema(SCHEMAS_DIR);
    // The build's prebuilt validator when it was built from this very text (compiling the schema was
    // about 50 ms of a run); otherwise compiled here. It is checked against the JSON Schema meta-schema
    // by runner/suite/schema.test.ts, not at every start: compiling the 2020-12 meta-schema costs more
    // than loading all five suites.
    validateSuite =
      precompiledFor(SUITE_SCHEMA_KEY, digest)?.get(SUITE_SCHEMA_KEY) ??
      createAjv({ validateSchema: false }).compile(schema);
  }
  return validateSuite;
}

/** Every `*.json` file under the given files or folders, in a stable order. */
export function findSuiteFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      throw new SuiteError(path, '', 'no such file or folder');
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        const child = join(path, entry);
        if (entry.endsWith('.json') || statSync(child).isDirectory()) walk(child);
      }
    } else {
      files.push(path);
    }
  };
  for (const path of paths) walk(path);
  return files;
}

/**
 * Checks `data` against schemas/suite.schema.json; the first error is thrown at its pointer, mapped
 * through `origins` into the file as written when `data` is the resolved form.
 */
function validate(file: string, data: unknown, origins?: Origins): asserts data is JsonObject {
  const check = suiteValidator();
  if (check(data)) return;
  // The schema's if/then branches add a "must match then schema" after the error that explains it.
  const first = check.errors?.find((e) => e.keyword !== 'if') ?? check.errors?.[0];
  const extra =
    first?.params && 'additionalProperty' in first.params ? ` (${first.params.additionalProperty})` : '';
  // A bad key (a fragment's name) is pointed at itself, not at the object holding it.
  const name = first?.propertyName;
  const key = name === undefined ? '' : `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const at = `${first?.instancePath ?? ''}${key}`;
  const pointer = origins && typeof data === 'object' && data !== null ? origins.locate(data, at) : at;
  throw new SuiteError(
    file,
    pointer,
    `${name === undefined ? '' : 'the name '}${first?.message ?? 'invalid'}${extra}`,
  );
}

/** The resolved form, valid against the schema that runner/suite/types.ts mirrors, is a Suite. */
function validateResolved(
  file: string,
  data: JsonObject,
  origins: Origins,
): asserts data is JsonObject & Suite {
  validate(file, data, origins);
}

/**
 * Reads and validates suite files: JSON syntax, schemas/suite.schema.json as written, fragments
 * resolved (runner/suite/fragments.ts), the schema again on the resolved form (a fragment's keys with a
 * reference's), then what a schema cannot say (runner/suite/consistency.ts), unique case ids, and every
 * variable and step a run would meet (runner/suite/references.ts, unreachable.ts; all such problems
 * of a file at once). Every error names the JSON pointer into the file as written.
 */
export function loadSuites(
  paths: readonly string[],
  contracts: ReadonlyMap<ProfileId, ProfileContract>,
  options: LoadOptions = {},
): LoadedSuite[] {
  const loaded: LoadedSuite[] = [];
  const ids = new Map<string, string>();
  for (const path of findSuiteFiles(paths)) {
    // Relative to the working directory when inside it, as the user typed it; absolute otherwise.
    const inside = relative(process.cwd(), path);
    const file = inside === '' || inside.startsWith('..') ? path : inside;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new SuiteError(file, '', `not valid JSON: ${(error as Error).message}`);
    }
    validate(file, data);
    const resolved = resolveFragments(file, data);
    const suite = resolved.suite;
    validateResolved(file, suite, resolved.origins);
    const problem = consistencyProblem(suite, contracts.get(suite.profile));
    if (problem) throw new SuiteError(file, resolved.origins.locate(suite, problem.pointer), problem.problem);
    suite.cases.forEach((c, i) => {
      const previous = ids.get(c.id);
      if (previous) {
        const at = resolved.origins.locate(suite, `/cases/${i}/id`);
        throw new SuiteError(file, at, `duplicate case id ${c.id} (also in ${previous})`);
      }
      ids.set(c.id, file);
    });
    const { problems, variables } = references(suite, options.vars ?? []);
    const located = dedupe(
      [...problems, ...unreachableProblems(suite)].map(({ pointer, problem }) => ({
        pointer: resolved.origins.locate(suite, pointer),
        problem,
      })),
    );
    const [first, ...further] = located;
    if (first) throw new SuiteError(file, first.pointer, first.problem, further);
    const warnings = resolved.unused.map(({ name, pointer }) => ({
      file,
      pointer,
      message: `${file} at ${pointer}: fragment ${name} is not used by any case or the bootstrap`,
    }));
    loaded.push({ file, suite, warnings, variables });
  }
  return loaded;
}

/**
 * A fragment used by several cases has its problem once, at the fragment: the first message kept (it
 * names the first case met), with how many others share it.
 */
function dedupe(problems: readonly { pointer: string; problem: string }[]) {
  const byPlace = new Map<string, { pointer: string; problem: string; more: number }>();
  for (const p of problems) {
    const place = `${p.pointer}\n${p.problem.replace(/ \((case [^,]+|bootstrap), step "[^"]*"\)$/, '')}`;
    const seen = byPlace.get(place);
    if (seen) seen.more += 1;
    else byPlace.set(place, { ...p, more: 0 });
  }
  return [...byPlace.values()].map(({ pointer, problem, more }) => ({
    pointer,
    problem: more === 0 ? problem : `${problem}; also in ${more} more ${more === 1 ? 'case' : 'cases'}`,
  }));
}
