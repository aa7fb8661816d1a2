// The examples, operations, status sets and provenance of every profile's OpenAPI document, and
// extra properties accepted everywhere.
import t from 'tap';
import {
  BASE,
  errorText,
  fragment,
  isObject,
  type Json,
  operationsOf,
  PROVENANCE,
  registeredProfiles,
  validatorFor,
  walk,
  walkSchema,
} from '../test/helpers/openapi.js';
import { EXPECTED } from '../test/helpers/openapi-expected.js';

const profiles = registeredProfiles();

for (const profile of profiles.values()) {
  const { id, openapi, schemas } = profile;

  t.test(`${id}: examples validate against their schemas`, async (t) => {
    let count = 0;
    // schema files: every `examples` array at a schema position
    for (const [file, schema] of schemas) {
      walkSchema(schema, '', (sub, pointer) => {
        if (sub.example !== undefined) t.fail(`${file}#${pointer}: use "examples", not "example"`);
        const examples = sub.examples;
        if (examples === undefined) return;
        if (!Array.isArray(examples)) {
          t.fail(`${file}#${pointer}: examples must be an array`);
          return;
        }
        const validate = profile.ajv.getSchema(`${BASE}/${id}/${file}#${fragment(pointer)}`);
        if (!validate) {
          t.fail(`${file}#${pointer}: cannot address the schema`);
          return;
        }
        examples.forEach((example, i) => {
          count++;
          t.ok(validate(example), `${file}#${pointer}/examples/${i} is valid`, { errors: validate.errors });
        });
      });
    }
    // openapi.json: media types, parameters and headers with a schema
    let media = 0;
    walk(openapi, '', (node, pointer) => {
      if (!isObject(node)) return;
      if (isObject(node.content)) {
        for (const [type, mediaType] of Object.entries(node.content)) {
          media++;
          t.ok(
            isObject(mediaType) && isObject(mediaType.examples),
            `openapi.json#${pointer}/content/${type} has examples`,
          );
        }
      }
      const schema = node.schema;
      if (!isObject(schema) || (node.examples === undefined && node.example === undefined)) return;
      const validate = profile.ajv.compile({
        ...schema,
        $id: `${BASE}/${id}/openapi.json?at=${encodeURIComponent(pointer)}`,
      });
      const values: [string, Json][] = [];
      if (node.example !== undefined) values.push(['example', node.example]);
      if (isObject(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          if (isObject(example) && example.value !== undefined)
            values.push([`examples/${name}`, example.value]);
          else t.fail(`openapi.json#${pointer}/examples/${name} has no inline value`);
        }
      }
      for (const [where, value] of values) {
        count++;
        t.ok(validate(value), `openapi.json#${pointer}/${where} is valid`, { errors: validate.errors });
      }
    });
    t.ok(count > 0, `${count} examples checked`);
    t.ok(media > 0, `${media} media types checked`);
  });

  t.test(`${id}: operations, status sets, provenance and body references`, async (t) => {
    const expected = EXPECTED[id] ?? {};
    const actual = operationsOf(openapi);
    t.same(actual.map((op) => op.operationId).sort(), Object.keys(expected).sort(), 'operationIds');
    for (const { operationId, method, path, operation } of actual) {
      const want = expected[operationId];
      if (!want) continue;
      t.equal(method, want.method, `${operationId}: method`);
      t.equal(path, want.path, `${operationId}: path`);
      t.type(operation.summary, 'string', `${operationId}: summary`);
      t.type(operation.description, 'string', `${operationId}: description`);
      const responses = isObject(operation.responses) ? operation.responses : {};
      t.same(Object.keys(responses).sort(), [...want.statuses].sort(), `${operationId}: status set`);
      for (const [status, response] of Object.entries(responses)) {
        if (!isObject(response)) {
          t.fail(`${operationId} ${status}: not an object`);
          continue;
        }
        const provenance = response['x-tokenrig-provenance'];
        t.ok(
          typeof provenance === 'string' && PROVENANCE.has(provenance),
          `${operationId} ${status}: provenance`,
        );
        const pinned = want.provenance?.[status];
        if (pinned) t.equal(provenance, pinned, `${operationId} ${status}: provenance is ${pinned}`);
        const content = response.content;
        if (status === '204') {
          t.equal(content, undefined, `${operationId} 204 has no content`);
          continue;
        }
        t.ok(isObject(content), `${operationId} ${status}: has content`);
        if (!isObject(content)) continue;
        const mediaTypes = Object.keys(content);
        t.same(
          mediaTypes,
          [id === 'kirjaswappi' ? '*/*' : 'application/json'],
          `${operationId} ${status}: media type`,
        );
        const refs = JSON.stringify(content);
        const isError = status === 'default' || Number(status) >= 400;
        if (isError)
          t.match(refs, /"\$ref":"\.\/error\.schema\.json"/, `${operationId} ${status}: error envelope`);
        else
          t.match(
            refs,
            new RegExp(`"\\$ref":"\\./${operationId}\\.response\\.schema\\.json"`),
            `${operationId} 2xx body`,
          );
      }
      const requestFile = `${operationId}.request.schema.json`;
      const body = operation.requestBody;
      if (schemas.has(requestFile)) {
        t.ok(isObject(body), `${operationId}: has a requestBody`);
        t.match(JSON.stringify(body), `"$ref":"./${requestFile}"`, `${operationId}: request schema ref`);
      } else {
        t.equal(body, undefined, `${operationId}: no requestBody`);
      }
    }
  });
}

t.test('extra properties are accepted by every object schema', async (t) => {
  for (const profile of profiles.values()) {
    for (const [file, schema] of profile.schemas) {
      const examples = schema.examples;
      if (schema.type !== 'object' || !Array.isArray(examples)) continue;
      const validate = validatorFor(profile, file);
      for (const example of examples) {
        if (!isObject(example)) continue;
        t.ok(
          validate({ ...example, 'x-extra': 1, another: { nested: true } }),
          `${profile.id}/${file} + extras`,
          {
            errors: errorText(validate),
          },
        );
      }
    }
  }
});
