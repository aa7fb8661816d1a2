import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createAjv, type ProfileContract, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { basisProblem } from './basis.js';
import type { Step, Suite } from './types.js';

/** The suites shipped with tokenrig, one folder per profile. */
export const SUITES_DIR = join(dirname(SCHEMAS_DIR), 'suites');

/** A suite file that cannot be used: names the file and the JSON pointer of the problem (exit 2). */
export class SuiteError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`${file}${pointer === '' ? '' : ` at ${pointer}`}: ${problem}`);
    this.name = 'SuiteError';
  }
}

export interface LoadedSuite {
  readonly file: string;
  readonly suite: Suite;
}

let validateSuite: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

function suiteValidator() {
  if (!validateSuite) {
    const schema: unknown = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'suite.schema.json'), 'utf8'));
    validateSuite = createAjv().compile(schema as object);
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
 * Reads and validates suite files: JSON syntax, then schemas/suite.schema.json, then what a schema
 * cannot say (operations exist in the profile's contract, case ids are unique, every `must` rests on a
 * documented, reconstructed or standard clause).
 */
export function loadSuites(
  paths: readonly string[],
  contracts: ReadonlyMap<ProfileId, ProfileContract>,
): LoadedSuite[] {
  const loaded: LoadedSuite[] = [];
  const ids = new Map<string, string>();
  for (const path of findSuiteFiles(paths)) {
    const file = relative(process.cwd(), path) || path;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new SuiteError(file, '', `not valid JSON: ${(error as Error).message}`);
    }
    const validate = suiteValidator();
    if (!validate(data)) {
      const first = validate.errors?.[0];
      const extra =
        first?.params && 'additionalProperty' in first.params ? ` (${first.params.additionalProperty})` : '';
      throw new SuiteError(file, first?.instancePath ?? '', `${first?.message ?? 'invalid'}${extra}`);
    }
    const suite = data as Suite;
    const contract = contracts.get(suite.profile);
    if (contract) {
      const checkSteps = (steps: readonly Step[], at: string) =>
        steps.forEach((step, i) => {
          if (step.operation !== undefined && !contract.operations.has(step.operation)) {
            throw new SuiteError(
              file,
              `${at}/${i}/operation`,
              `${suite.profile} has no operation ${step.operation}; it has ${[...contract.operations.keys()].join(', ')}`,
            );
          }
          for (const [status, schemaFile] of Object.entries(step.expect?.schemas ?? {})) {
            if (!contract.schemas.has(schemaFile)) {
              throw new SuiteError(
                file,
                `${at}/${i}/expect/schemas/${status}`,
                `schemas/${suite.profile}/ has no ${schemaFile}`,
              );
            }
            // Compiled here, once, so a schema that does not compile stops the run before it starts.
            contract.schemas.get(schemaFile);
          }
          if (step.operation === undefined && (!step.request?.method || !step.request.path)) {
            throw new SuiteError(
              file,
              `${at}/${i}`,
              'a step without an operation needs request.method and request.path',
            );
          }
          const method = (
            step.request?.method ??
            contract.operations.get(step.operation ?? '')?.method ??
            ''
          ).toUpperCase();
          const r = step.request;
          if (
            (method === 'GET' || method === 'HEAD') &&
            (r?.json !== undefined || r?.form !== undefined || r?.body !== undefined)
          ) {
            // No HTTP client sends one (fetch refuses), so the step could only ever report a transport
            // failure of the target: the suite is wrong, not the server.
            throw new SuiteError(file, `${at}/${i}/request`, `a ${method} request cannot carry a body`);
          }
        });
      if (suite.bootstrap) checkSteps(suite.bootstrap.steps, '/bootstrap/steps');
      suite.cases.forEach((c, i) => {
        checkSteps(c.steps, `/cases/${i}/steps`);
        const previous = ids.get(c.id);
        if (previous)
          throw new SuiteError(file, `/cases/${i}/id`, `duplicate case id ${c.id} (also in ${previous})`);
        ids.set(c.id, file);
      });
    }
    suite.cases.forEach((c, i) => {
      const basis = basisProblem(c);
      if (basis) throw new SuiteError(file, `/cases/${i}${basis.pointer}`, basis.problem);
    });
    loaded.push({ file, suite });
  }
  return loaded;
}
