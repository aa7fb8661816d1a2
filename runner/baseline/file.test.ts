import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createAjv } from '../../schemas/load.js';
import {
  BASELINE_SCHEMA_FILE,
  BaselineError,
  parseBaseline,
  readBaseline,
  schemaRefFor,
  serializeBaseline,
} from './file.js';

const problem = (text: string): string => {
  try {
    parseBaseline('b.json', text);
  } catch (error) {
    if (error instanceof BaselineError) return error.message;
    throw error;
  }
  return 'accepted';
};
const entries = (...list: unknown[]): string => JSON.stringify({ entries: list });

t.test('the schema is valid JSON Schema 2020-12, with a description on every property', async (t) => {
  const schema = JSON.parse(readFileSync(BASELINE_SCHEMA_FILE, 'utf8'));
  const ajv = createAjv({ validateSchema: true });
  t.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  const entry: Record<string, { description?: string }> = schema.$defs.entry.properties;
  for (const [name, property] of Object.entries(entry)) t.ok(property.description, `${name} is described`);
});

t.test('a bad file is an error at its JSON pointer', async (t) => {
  t.match(problem('{"entries": ['), /^b\.json: not JSON: /);
  t.equal(problem('[]'), 'b.json: must be object');
  t.equal(problem('{}'), "b.json: must have required property 'entries'");
  t.equal(
    problem(entries({ case: 'a.b.c', check: 'x' })),
    "b.json at /entries/0: must have required property 'reason'",
  );
  t.equal(
    problem(entries({ case: 'a.b.c', reason: 'r' })),
    'b.json at /entries/0: an entry needs a check, a title or both',
  );
  t.equal(
    problem(entries({ case: 'a.b.c', check: 'x', reason: 'r', expires: '2026-13-01' })),
    'b.json at /entries/0/expires: must match format "date"',
  );
  t.equal(
    problem(entries({ case: 'a.b.c', check: 'x', reason: 'r', message: 'Received: 500' })),
    'b.json at /entries/0: must NOT have additional properties (message)',
  );
  t.equal(
    problem(
      entries({ case: 'a.b.c', check: 'x', reason: 'r' }, { case: 'a.b.c', check: 'x', reason: 'again' }),
    ),
    'b.json at /entries/1: the same case, check and title as /entries/0',
  );
  t.equal(
    problem(entries({ case: 'a.b.c', title: 'T', reason: 'r', expires: '2026-02-28', intermittent: true })),
    'accepted',
  );
});

t.test('a missing file: an error saying how to create it, or nothing to start from', async (t) => {
  const dir = t.testdir();
  t.throws(
    () => readBaseline(join(dir, 'none.json'), { missingOk: false }),
    /none\.json: no such file \(create it/,
  );
  t.equal(readBaseline(join(dir, 'none.json'), { missingOk: true }), undefined);
  t.throws(
    () => readBaseline(dir, { missingOk: true }),
    /cannot be read: EISDIR/,
    'only a missing file is excused',
  );
  writeFileSync(join(dir, 'ok.json'), entries({ case: 'a.b.c', check: 'x', reason: 'r' }));
  t.same(readBaseline(join(dir, 'ok.json'), { missingOk: false })?.entries, [
    { case: 'a.b.c', check: 'x', reason: 'r' },
  ]);
});

t.test('serialized sorted, keys in one order, whatever order they came in', async (t) => {
  const text = serializeBaseline({
    $schema: './s.json',
    entries: [
      { reason: 'r2', title: 'B', case: 'b' },
      { intermittent: true, expires: '2030-01-01', reason: 'r1', title: 'T', check: 'z', case: 'a' },
      { reason: 'r0', check: 'a', case: 'a' },
      { reason: 'r3', check: 'Z', case: 'a' },
    ],
  });
  t.equal(
    text,
    `${JSON.stringify(
      {
        $schema: './s.json',
        entries: [
          { case: 'a', check: 'Z', reason: 'r3' },
          { case: 'a', check: 'a', reason: 'r0' },
          { case: 'a', check: 'z', title: 'T', reason: 'r1', expires: '2030-01-01', intermittent: true },
          { case: 'b', title: 'B', reason: 'r2' },
        ],
      },
      null,
      2,
    )}\n`,
    'code-unit order (Z before a), not the locale’s',
  );
  t.same(parseBaseline('x', text).entries.length, 4, 'what is written reads back');
});

t.test('the $schema reference is relative to the baseline file', async (t) => {
  t.match(
    schemaRefFor(join(BASELINE_SCHEMA_FILE, '..', '..', 'known-failures.json')),
    /^\.\/schemas\/baseline\.schema\.json$/,
  );
  t.match(schemaRefFor('/elsewhere/k.json'), /^\.\.\/.*schemas\/baseline\.schema\.json$/);
});
