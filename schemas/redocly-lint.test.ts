import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { PROFILE_IDS, SCHEMAS_DIR } from './load.js';

/**
 * Each profile's OpenAPI document passes Redocly's linter with its `recommended` rules and no error
 * (warnings, such as a missing licence, are allowed): the documents are what users feed to their own
 * OpenAPI tooling (`/__admin/openapi/<profile>.json`), so they must read as sound OpenAPI there too.
 */
const run = promisify(execFile);
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly {
    readonly ruleId: string;
    readonly severity: string;
    readonly message: string;
    readonly location: readonly { readonly pointer: string }[];
  }[];
}

async function lint(file: string): Promise<LintReport> {
  // Redocly exits 1 when it finds errors; the JSON report on stdout is what is judged either way.
  const result = await run(
    process.execPath,
    [cli, 'lint', '--extends', 'recommended', '--format', 'json', file],
    {
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      timeout: 60_000,
    },
  ).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
    if (typeof error.stdout === 'string' && error.stdout.trim().startsWith('{'))
      return { stdout: error.stdout };
    throw new Error(`redocly lint could not run on ${file}: ${error.stderr ?? String(error)}`);
  });
  // JSON.parse gives unknown structure; the shape is Redocly's documented JSON report format.
  return JSON.parse(result.stdout) as LintReport;
}

const errorsOf = (report: LintReport) =>
  report.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);

for (const id of PROFILE_IDS) {
  t.test(`${id}: redocly lint (recommended) reports no error`, async (t) => {
    const report = await lint(join(SCHEMAS_DIR, id, 'openapi.json'));
    t.same(errorsOf(report), [], `schemas/${id}/openapi.json`);
    t.equal(report.totals.errors, 0);
  });
}

t.test('the lint can fail: an operation without security is an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrig-lint-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(
    file,
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'no security', version: '1.0.0' },
      servers: [{ url: 'http://127.0.0.1:4010' }],
      paths: {
        '/refresh': {
          post: {
            operationId: 'refresh',
            summary: 'refresh',
            responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
          },
        },
      },
    }),
  );
  const report = await lint(file);
  t.ok(
    errorsOf(report).some((e) => e.startsWith('security-defined')),
    'security-defined reported',
  );
});
