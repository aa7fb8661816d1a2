import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { ContractError, createAjv, loadContracts, SCHEMAS_DIR } from './load.js';
import { precompiledSources, writePrecompiled } from './precompile.js';
import { precompiledFor, readSuiteSchema, SUITE_SCHEMA_KEY } from './precompiled.js';
import { readProfileFiles } from './profile-files.js';

// Beside node_modules, as in dist/: the generated code requires ajv's small runtime helpers.
const cache = join(SCHEMAS_DIR, '..', 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'tokenrig-precompiled-'));
const outUrl = pathToFileURL(`${out}/`);
t.teardown(() => rmSync(out, { recursive: true, force: true }));
writePrecompiled(outUrl);

const vcf = readProfileFiles('vcf', join(SCHEMAS_DIR, 'vcf'));

t.test('a prebuilt file is used only for the schema texts it was built from', async (t) => {
  t.ok(precompiledFor('vcf', vcf.digest, outUrl)?.size);
  t.equal(precompiledFor('vcf', 'another digest', outUrl), undefined);
  t.equal(precompiledFor('vcf', vcf.digest, pathToFileURL(`${out}/missing/`)), undefined);
});

t.test('prebuilt validators answer exactly as ajv compiling the schemas now', async (t) => {
  const prebuilt = loadContracts(undefined, SCHEMAS_DIR, { precompiled: outUrl });
  const compiled = loadContracts(undefined, SCHEMAS_DIR, { precompiled: false });
  const inputs: unknown[] = [{}, null, 'x', { username: 'a', password: 'b' }, { refreshToken: 1 }];
  let compared = 0;
  for (const [id, contract] of prebuilt) {
    const map = precompiledFor(id, readProfileFiles(id, join(SCHEMAS_DIR, id)).digest, outUrl);
    const other = compiled.get(id);
    for (const op of contract.operations.values()) {
      const twin = other?.operations.get(op.id);
      const pairs = [
        [op.validateRequest, twin?.validateRequest],
        ...op.responses.map((r, i) => [r.validate, twin?.responses[i]?.validate]),
      ];
      for (const [a, b] of pairs) {
        if (!a || !b) {
          t.equal(a, b, `${id} ${op.id}: both have a validator or neither`);
          continue;
        }
        t.ok([...(map?.values() ?? [])].includes(a), `${id} ${op.id}: the prebuilt one is used`);
        for (const input of inputs) {
          t.same([a(input), a.errors], [b(input), b.errors], `${id} ${op.id} ${JSON.stringify(input)}`);
          compared++;
        }
      }
    }
  }
  t.ok(compared > 100, `${compared} comparisons`);
});

t.test('the suite schema prebuilt answers as compiled now, for its text only', async (t) => {
  const { schema, digest } = readSuiteSchema(SCHEMAS_DIR);
  const prebuilt = precompiledFor(SUITE_SCHEMA_KEY, digest, outUrl)?.get(SUITE_SCHEMA_KEY);
  const compiled = createAjv({ validateSchema: false }).compile(schema);
  t.equal(precompiledFor(SUITE_SCHEMA_KEY, 'another digest', outUrl), undefined);
  if (!prebuilt) return t.fail('no prebuilt suite validator');
  const suite = JSON.parse(readFileSync(join(SCHEMAS_DIR, '..', 'suites', 'vcf', 'vcf.suite.json'), 'utf8'));
  for (const input of [suite, { ...suite, cases: 'x' }, {}, []]) {
    t.same([prebuilt(input), prebuilt.errors], [compiled(input), compiled.errors]);
  }
});

t.test('a schema that does not compile fails the build loudly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrig-schemas-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(SCHEMAS_DIR, dir, { recursive: true });
  const file = join(dir, 'vcf', 'error.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...schema, properties: { x: { $ref: './nowhere.schema.json' } } }));
  t.throws(() => precompiledSources(dir), ContractError);
  // An edited schema never meets a file built before the edit: it compiles, and fails, as before.
  t.throws(
    () => loadContracts(['vcf'], dir, { precompiled: outUrl }).get('vcf')?.schemas.get('error.schema.json'),
    ContractError,
  );
});
