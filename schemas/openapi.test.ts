// Checks the per-profile JSON Schemas and OpenAPI 3.1 documents under schemas/<profile>/:
// OpenAPI validity, strict compilation and $ref integrity (openapi-operations.test.ts: examples,
// provenance and exact status sets; openapi-<profile>.test.ts: behavioural spot checks that a wrong
// schema would fail).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import t from 'tap';
import {
  BASE,
  DRAFT,
  isObject,
  type JsonObject,
  loadProfile,
  type Profile,
  profileFolders,
  resolvePointer,
  validatorFor,
  walk,
  walkSchema,
} from '../test/helpers/openapi.js';
import { EXPECTED, EXPECTED_FILES } from '../test/helpers/openapi-expected.js';

// ------------------------------------------------------------------ discovery

const folders = profileFolders();

t.test('the profile folders are exactly the five profile ids', async (t) => {
  t.same(folders, Object.keys(EXPECTED).sort());
});

// Unregistered: the compile test below is what adds each profile's schemas to its Ajv.
const profiles = new Map<string, Profile>();
for (const id of folders) profiles.set(id, loadProfile(id));

// ------------------------------------------------------------------ per-profile checks

for (const profile of profiles.values()) {
  const { id, openapi, schemas } = profile;

  t.test(`${id}: ships the expected files`, async (t) => {
    const expected = (EXPECTED_FILES[id] ?? []).map((name) => `${name}.schema.json`).sort();
    t.same([...schemas.keys()].sort(), expected);
    t.ok(existsSync(join(profile.dir, 'openapi.json')), 'openapi.json exists');
    for (const file of [...schemas.keys(), 'openapi.json']) {
      const text = readFileSync(join(profile.dir, file), 'utf8');
      t.ok(text.endsWith('}\n'), `${file} ends with a newline`);
      t.notOk(/^\t/m.test(text), `${file} is indented with spaces`);
    }
  });

  t.test(`${id}: schema files carry $schema, $id, title, descriptions and open objects`, async (t) => {
    for (const [file, schema] of schemas) {
      t.equal(schema.$schema, DRAFT, `${file}: $schema`);
      t.equal(schema.$id, `${BASE}/${id}/${file}`, `${file}: $id`);
      t.type(schema.title, 'string', `${file}: title`);
      walkSchema(schema, '', (sub, pointer) => {
        t.ok(
          typeof sub.description === 'string' && sub.description.length > 0,
          `${file}#${pointer} has a description`,
        );
        t.not(sub.additionalProperties, false, `${file}#${pointer} does not forbid additional properties`);
        t.not(sub.unevaluatedProperties, false, `${file}#${pointer} does not forbid unevaluated properties`);
        if (typeof sub.format === 'string') {
          t.ok(['uuid', 'date-time', 'uri'].includes(sub.format), `${file}#${pointer}: known format`);
        }
      });
    }
  });

  t.test(`${id}: every schema compiles with Ajv2020 (strict, allErrors, formats)`, async (t) => {
    for (const [file, schema] of schemas) {
      try {
        profile.ajv.addSchema(schema);
      } catch (error) {
        t.fail(`${file} rejected by addSchema: ${String(error)}`);
      }
    }
    for (const file of schemas.keys()) {
      try {
        t.type(validatorFor(profile, file), 'function', `${file} compiles`);
      } catch (error) {
        t.fail(`${file} does not compile: ${String(error)}`);
      }
    }
  });

  t.test(`${id}: openapi.json is a valid OpenAPI 3.1 document`, async (t) => {
    const validator = new Validator();
    for (const [file, schema] of schemas) {
      await validator.addSpecRef(structuredClone(schema), `./${file}`);
    }
    const result = await validator.validate(structuredClone(openapi));
    t.equal(result.valid, true, 'validator reports valid', { errors: result.errors });
    if (!result.valid) t.comment(JSON.stringify(result.errors, null, 2));
    t.equal(validator.version, '3.1');
    t.equal(openapi.openapi, '3.1.0');
    t.equal(openapi['x-tokenrig-profile'], id, 'x-tokenrig-profile');
    const info = openapi.info;
    t.ok(isObject(info) && typeof info.title === 'string' && info.title.includes(`tokenrig profile ${id}`));
    t.ok(isObject(info) && info.version === '1.0.0');
    t.ok(
      isObject(info) &&
        typeof info.description === 'string' &&
        info.description.includes(`docs/profiles/${id}.md`),
      "the description points at the project's own account of the profile",
    );
    t.same(openapi.servers, [{ url: 'http://127.0.0.1:4010' }]);
  });

  t.test(`${id}: every $ref points at an existing file and pointer`, async (t) => {
    const check = (doc: JsonObject, where: string) => {
      walk(doc, '', (node, pointer) => {
        if (!isObject(node) || typeof node.$ref !== 'string') return;
        const ref = node.$ref;
        const hash = ref.indexOf('#');
        const filePart = hash === -1 ? ref : ref.slice(0, hash);
        const pointerPart = hash === -1 ? '' : ref.slice(hash + 1);
        let target: JsonObject | undefined = doc;
        if (filePart !== '') {
          t.match(
            filePart,
            /^(\.\/)?[a-z-]+\.(request|response)\.schema\.json$|^(\.\/)?error\.schema\.json$/,
            {
              message: `${where}#${pointer}: $ref ${ref} is a relative file name of this profile`,
            },
          );
          const name = filePart.replace(/^\.\//, '');
          t.ok(existsSync(join(profile.dir, name)), `${where}#${pointer}: ${ref} exists`);
          target = schemas.get(name);
        }
        t.not(
          target === undefined ? undefined : resolvePointer(target, pointerPart),
          undefined,
          `${where}#${pointer}: ${ref} resolves`,
        );
      });
    };
    check(openapi, 'openapi.json');
    for (const [file, schema] of schemas) check(schema, file);
  });
}
