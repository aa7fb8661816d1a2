import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
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

/** A flolive suite in the test's folder whose one case sends `json` to the login operation. */
function suiteFile(t: Test, json: object, extra: object = {}): string {
  const file = join(t.testdir(), 'typo.suite.json');
  const step = { name: 'log in', operation: 'login', request: { json }, ...extra };
  const clauses = [{ kind: 'documented', source: 'floLIVE knowledge base, "Create Token": Request Body' }];
  const c = { id: 'flolive.login.typo', title: 'x', clauses, session: false, steps: [step] };
  writeFileSync(file, JSON.stringify({ profile: 'flolive', cases: [c] }));
  return file;
}

/** A loopback server that counts the requests it gets (none, for a suite refused before the run). */
async function countingTarget(t: Test): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo; // listening on a TCP port, so an AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests: () => requests };
}

t.test('an undefined {{variable}} fails validate and run (before any request), with a hint', async (t) => {
  const file = suiteFile(t, { username: '{{usernmae}}', password: '{{password}}' });
  const message =
    /typo\.suite\.json at \/cases\/0\/steps\/0\/request\/json\/username: \{\{usernmae\}\} is not defined: .*did you mean `username`\? \(case flolive\.login\.typo, step "log in"\)/;
  const validate = await tokenrig(['validate', file]);
  t.equal(validate.code, EXIT.USAGE);
  t.match(validate.stderr, message);
  const target = await countingTarget(t);
  const run = await tokenrig(['run', '--target', target.url, '--suite', file, '--reporter', 'console']);
  t.equal(run.code, EXIT.USAGE, run.stderr);
  t.match(run.stderr, message);
  t.equal(target.requests(), 0, 'refused before the first request');
  const fixed = suiteFile(t, { username: '{{username}}', password: '{{password}}' });
  t.equal((await tokenrig(['validate', fixed])).code, EXIT.OK);
});

t.test('validate takes --var as run does, and says what the suite reads from it', async (t) => {
  const file = suiteFile(t, { username: '{{account}}', password: '{{password}}' });
  const without = await tokenrig(['validate', file]);
  t.equal(without.code, EXIT.USAGE);
  t.match(
    without.stderr,
    /\{\{account\}\} is not defined: .*--var \(none given\).*; if it is an input, pass it with --var account=…/,
  );
  const given = await tokenrig(['validate', '--var', 'region=eu', '--var', 'account=ops', file]);
  t.equal(given.code, EXIT.OK, given.stderr);
  t.match(given.stdout, /^ok .*typo\.suite\.json: flolive, 1 cases; reads --var account$/m);
  const run = await tokenrig(['run', '--suite', file, '--var', 'account=demo', '--reporter', 'console']);
  t.equal(run.code, EXIT.OK, 'run takes the same --var and the suite runs');
  const bad = await tokenrig(['validate', '--var', 'account', file]);
  t.equal(bad.code, EXIT.USAGE);
  t.match(bad.stderr, /--var expects key=value, got "account"/);
});

t.test('validate says which --var would replace a suite login', async (t) => {
  const result = await tokenrig(['validate', fileURLToPath(new URL('../../suites/vcf', import.meta.url))]);
  t.equal(result.code, EXIT.OK);
  t.match(
    result.stdout,
    /^ok .*vcf\.suite\.json: vcf, \d+ cases; --var accessToken, refreshTokenId together replace its login$/m,
  );
});

t.test('run prints the unused-fragment warnings validate prints', async (t) => {
  const run = await tokenrig(['run', '--suite', fixture('unused-fragment.json'), '--reporter', 'console']);
  t.equal(run.code, EXIT.OK, run.stderr);
  t.match(
    run.stderr,
    /^warning: .*unused-fragment\.json at \/fragments\/clauses\/spare: fragment spare is not used by any case/m,
  );
});
