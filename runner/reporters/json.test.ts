import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnySchema } from 'ajv/dist/2020.js';
import t from 'tap';
import { createAjv, SCHEMAS_DIR } from '../../schemas/load.js';
import { captureContext, fixture } from './fixture.js';
import { foldedFixture } from './fixture-folded.js';
import { jsonReporter } from './json.js';

const schema: AnySchema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'report.schema.json'), 'utf8'));
// One compile for the file, in strict mode: a schema that does not compile fails here, loudly.
const validate = createAjv().compile(schema);

t.test('writes report.json into a new out dir and returns its path', async (t) => {
  const outDir = join(t.testdir(), 'nested', 'reports');
  const ctx = captureContext(outDir);
  const paths = await jsonReporter.finish(fixture, ctx);
  t.same(paths, [join(outDir, 'report.json')]);
  t.equal(ctx.output(), '', 'writes nothing to stdout');
  const text = readFileSync(join(outDir, 'report.json'), 'utf8');
  t.match(text, /^\{\n {2}"tool"/, 'pretty-printed');
  t.strictSame(JSON.parse(text), fixture, 'round-trips the report, control character included');
});

t.test('the written report validates against schemas/report.schema.json', async (t) => {
  const outDir = t.testdir();
  await jsonReporter.finish(fixture, captureContext(outDir));
  const written: unknown = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  t.ok(validate(written), JSON.stringify(validate.errors));
});

t.test('the schema rejects what RunReport cannot be', (t) => {
  // any, deliberately: these mutations build reports that RunReport's types rightly forbid.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const rejects = (name: string, mutate: (r: any) => void): void => {
    const copy = structuredClone(fixture);
    mutate(copy);
    t.notOk(validate(copy), name);
  };
  rejects('an unknown top-level property', (r) => {
    r.extra = 1;
  });
  rejects('an unknown case property', (r) => {
    r.cases[0].extra = 1;
  });
  rejects('an unknown failure property', (r) => {
    r.cases[2].failures[0].extra = 1;
  });
  rejects('a missing exitReason', (r) => {
    delete r.exitReason;
  });
  rejects('a skipped case without a reason', (r) => {
    delete r.cases[5].reason;
  });
  rejects('a startedAt that is not a date-time', (r) => {
    r.startedAt = 'yesterday';
  });
  rejects('an unknown status', (r) => {
    r.cases[0].status = 'error';
  });
  t.end();
});

t.test('every property in the schema has a description', (t) => {
  const missing: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const [prop, sub] of Object.entries(value)) {
          if (typeof sub !== 'object' || sub === null || !('description' in sub))
            missing.push(`${where}/${prop}`);
        }
      }
      walk(value, `${where}/${key}`);
    }
  };
  walk(schema, '#');
  // `if` only selects; its properties describe nothing.
  t.same(
    missing.filter((m) => !m.includes('/if/')),
    [],
  );
  t.end();
});

t.test('folded findings stay nested under their root, and the curl variables are listed', async (t) => {
  const outDir = t.testdir();
  await jsonReporter.finish(foldedFixture, captureContext(outDir));
  const written = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  t.ok(validate(written), JSON.stringify(validate.errors));
  const root = written.cases.at(-1).failures[0];
  t.same(
    root.consequents.map((c: { title: string }) => c.title),
    [
      'Unexpected HTTP status',
      'Body (root) should be of type object',
      'Response violates the documented schema',
    ],
  );
  t.same(
    written.curlVariables.map((v: { name: string }) => v.name),
    ['TOKENRIG_REFRESH_TOKEN'],
  );
  const copy = structuredClone(written);
  copy.cases.at(-1).failures[0].consequents = [];
  t.notOk(validate(copy), 'an empty consequents list is not a fold');
  const bad = structuredClone(written);
  bad.curlVariables[0].name = 'HOME';
  t.notOk(validate(bad), 'only TOKENRIG_ variables');
});
