import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { findSuiteFiles, loadSuites, SUITES_DIR, SuiteError } from '../runner/suite/load.js';
import { loadContracts, PROFILE_IDS } from '../schemas/load.js';
import { SEED } from './helpers/mock.js';
import { runQuietly } from './helpers/run.js';

/**
 * A conformance harness must never fail a server for what its vendor never documented: a `must` rests
 * on a documented, reconstructed or standard fact. The suite loader enforces it for every suite,
 * the shipped ones included, so `tokenrig validate` catches a user's suite that breaks it too.
 */
const contracts = loadContracts(PROFILE_IDS);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/suites/${name}`, import.meta.url));

t.test(
  'every shipped suite loads: each must rests on a documented, reconstructed or standard clause',
  async (t) => {
    const files = findSuiteFiles([SUITES_DIR]);
    t.ok(files.length >= PROFILE_IDS.length, `${files.length} suite files`);
    for (const file of files) {
      t.doesNotThrow(
        () => t.same(loadSuites([file], contracts)[0]?.warnings, [], `${file}: no unused fragment`),
        file,
      );
    }
  },
);

t.test(
  'a must case citing only observed and assumed facts is rejected, naming file and pointer',
  async (t) => {
    const error = t.throws(() => loadSuites([fixture('must-on-assumed.json')], contracts));
    t.type(error, SuiteError);
    t.match(error, {
      file: /must-on-assumed\.json$/,
      pointer: '/cases/0/severity',
      message:
        /must-on-assumed\.json at \/cases\/0\/severity: a must case needs a clause of kind documented, reconstructed, standard; case kirjaswappi\.refresh\.must-on-assumed cites only observed, assumed facts/,
    });
  },
);

t.test('a fixture suite with a binding clause behind every must loads', async (t) => {
  const [loaded] = loadSuites([fixture('kirjaswappi-mini.json')], contracts);
  t.equal(loaded?.suite.cases.length, 4);
});

t.test("the README's suite example loads as pasted and passes against the mock", async (t) => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('### Suites\n'), readme.indexOf('## Profiles\n'));
  const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  t.ok(example, 'the Suites section has a JSON example');
  const file = join(t.testdir(), 'readme.suite.json');
  writeFileSync(file, example ?? '');
  const [loaded] = loadSuites([file], contracts);
  t.same(loaded?.warnings, [], 'every fragment is used');
  t.match(loaded?.suite.cases, [
    {
      steps: [
        {
          name: 'refresh with the token plus a character',
          request: { json: { refreshToken: '{{refreshToken}}x' } },
        },
      ],
    },
    { requires: ['tokenrig-admin'], steps: [{ advanceClock: 691200 }, { expect: { preferStatus: [401] } }] },
  ]);
  const mock = await startMockServer({ port: 0, seed: SEED, contracts });
  t.teardown(() => mock.close());
  const report = await runQuietly(mock.url, loaded ? [loaded.suite] : [], contracts, { strict: true });
  t.same(
    report.cases.map((c) => [c.id, c.status]),
    [
      ['kirjaswappi.refresh.readme-tampered', 'passed'],
      ['kirjaswappi.refresh.readme-expired', 'passed'],
    ],
  );
});
