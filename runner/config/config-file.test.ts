import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createAjv, SCHEMAS_DIR } from '../../schemas/load.js';
import { EXIT } from '../exit-codes.js';
import { ConfigError, readConfig } from './config-file.js';
import { RUN_CONFIG } from './with-config.js';

// readConfig compiles the schema without the meta-schema check (start-up cost); it is checked here.
const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'config.schema.json'), 'utf8')) as {
  properties: Record<string, { description?: string }>;
};

t.test('config.schema.json is a valid JSON Schema 2020-12 document, and that check can fail', async (t) => {
  const ajv = createAjv();
  t.equal(ajv.validateSchema(schema), true, ajv.errorsText(ajv.errors));
  t.equal(createAjv().validateSchema({ ...schema, additionalProperties: 'no' }), false);
});

t.test('every key is described, and is one `tokenrig run` reads', async (t) => {
  const keys = Object.keys(schema.properties).filter((k) => k !== '$schema');
  for (const key of keys)
    t.match(
      schema.properties[key]?.description,
      /^--\S+: .{10,}/,
      `${key} has a description naming its flag`,
    );
  const taken = [...Object.keys(RUN_CONFIG.options), 'vars', 'headers'];
  t.same([...keys].sort(), [...taken].sort(), 'no key the run would ignore, no mapping without a key');
});

/** A config file in the test's folder (or in `folder` under it) holding `config`, written as JSON. */
function write(t: Test, config: unknown, folder = ''): string {
  // testdirName, not testdir(): that one empties the folder at every call.
  const dir = join(t.testdirName, folder);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tokenrig.config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

t.test('a valid file: every key kept, paths made absolute against its own folder', async (t) => {
  const config = {
    $schema: '../schemas/config.schema.json',
    target: 'http://127.0.0.1:4010',
    apis: ['flolive', 'vcf'],
    suites: ['suites', '/abs/suite.json'],
    username: 'ops',
    reporters: ['console', 'junit'],
    out: '../reports',
    baseline: 'known-failures.json',
    vars: { accessToken: 'a' },
    headers: { 'X-Tenant': 't1' },
    strict: true,
    grep: 'rotation|reuse',
    concurrency: 2,
    timeout: 5000,
    maxBody: 2048,
    seed: 42,
    fuzz: 100,
  };
  const file = write(t, config, 'ci');
  const folder = join(t.testdirName, 'ci');
  t.same(readConfig(file), {
    ...config,
    suites: [join(folder, 'suites'), '/abs/suite.json'],
    out: join(t.testdirName, 'reports'),
    baseline: join(folder, 'known-failures.json'),
  });
  t.same(readConfig(write(t, {})), {}, 'an empty file is a valid one');
});

t.test('each problem is a ConfigError at its JSON pointer, exit 2', async (t) => {
  const refused: [unknown, string, RegExp][] = [
    [{ reporter: ['json'] }, '/reporter', /unknown key reporter: did you mean `reporters`\?/],
    [{ colour: true }, '/colour', /unknown key colour: the keys are target, apis, suites, username/],
    [
      { password: 'demo' },
      '/password',
      /unknown key password: a password does not belong in a file kept with the code: give --password/,
    ],
    [{ apis: ['flolive', 'okta'] }, '/apis/1', /must be equal to one of the allowed values/],
    [{ apis: ['vcf', 'vcf'] }, '/apis', /must NOT have duplicate items/],
    [{ target: 'ftp://x' }, '/target', /must match pattern/],
    [{ concurrency: 0 }, '/concurrency', /must be >= 1/],
    [{ timeout: 1.5 }, '/timeout', /must be integer/],
    [{ strict: 'yes' }, '/strict', /must be boolean/],
    [{ grep: '(' }, '/grep', /must match format "regex"/],
    [{ vars: { 'a-b': 'x' } }, '/vars/a-b', /the name must match pattern/],
    [{ vars: { a: 1 } }, '/vars/a', /must be string/],
    [{ headers: { 'Bad Name': 'x' } }, '/headers/Bad Name', /the name must match pattern/],
    [
      { reporters: ['consle'] },
      '/reporters/0',
      /unknown reporter consle; did you mean `console`\? \(there are console, json/,
    ],
    [[], '', /must be object/],
    ['{"apis": [', '', /not valid JSON/],
  ];
  for (const [config, pointer, message] of refused) {
    const error = t.throws(() => readConfig(write(t, config)), `${JSON.stringify(config)} is refused`);
    t.type(error, ConfigError);
    t.match(error, { pointer, exitCode: EXIT.USAGE });
    const at = pointer === '' ? '' : ` at ${pointer}`;
    t.match(
      (error as Error).message,
      new RegExp(`tokenrig\\.config\\.json${at.replaceAll('/', '\\/')}: ${message.source}`),
    );
  }
  t.throws(() => readConfig(join(t.testdirName, 'none.json')), {
    message: /none\.json: no such configuration file/,
  });
  t.throws(() => readConfig(t.testdirName), { message: /is a folder, not a configuration file/ });
});
