import { fileURLToPath } from 'node:url';
import t from 'tap';
import { findSuiteFiles, loadSuites, SUITES_DIR, SuiteError } from '../runner/suite/load.js';
import { loadContracts, PROFILE_IDS } from '../schemas/load.js';

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
      t.doesNotThrow(() => loadSuites([file], contracts), file);
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
