import { fileURLToPath } from 'node:url';
import t from 'tap';
import { tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/suites/${name}`, import.meta.url));

t.test('an unused fragment is a warning: the suite is valid, validate says where', async (t) => {
  const result = await tokenrig(['validate', fixture('unused-fragment.json')]);
  t.equal(result.code, EXIT.OK, result.stderr);
  t.match(result.stdout, /^ok .*unused-fragment\.json: flolive, 1 cases$/m);
  t.match(
    result.stderr,
    /^warning: .*unused-fragment\.json at \/fragments\/clauses\/spare: fragment spare is not used by any case/m,
  );
});

t.test('a reference to no fragment is a suite error at the reference, for validate and run', async (t) => {
  const message =
    /unknown-fragment\.json at \/cases\/0\/steps\/0\/use: no step fragment is named refresh-refuse \(there are refresh-refused\)/;
  const validate = await tokenrig(['validate', fixture('unknown-fragment.json')]);
  t.equal(validate.code, EXIT.USAGE);
  t.match(validate.stderr, message);
  const run = await tokenrig(['run', '--suite', fixture('unknown-fragment.json')]);
  t.equal(run.code, EXIT.USAGE);
  t.match(run.stderr, message);
});
