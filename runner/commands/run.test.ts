import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import t from 'tap';
import { startMockServer } from '../../mocks/server.js';
import { createAjv } from '../../schemas/load.js';
import { startBrokenTarget } from '../../test/fixtures/targets.js';
import { deadUrl } from '../../test/helpers/dead-url.js';
import { SEED } from '../../test/helpers/mock.js';
import { tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/suites/', import.meta.url));

t.test('tokenrig run with no target: the embedded mock, exit 0, three report files', async (t) => {
  const out = t.testdir();
  const password = 'Sup3r-Secret-Passw0rd';
  const run = await tokenrig(['run', '--out', out, '--seed', '11', '--password', password, '--strict']);
  t.equal(run.code, EXIT.OK, run.stderr);
  t.match(run.stdout, /kirjaswappi\s+\d+\/\d+ must cases passed/);
  t.match(run.stdout, /exit 0: no must failure/);
  t.same(readdirSync(out).sort(), ['junit.xml', 'report.html', 'report.json']);

  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    embeddedMock: boolean;
    seed: number;
  };
  const schema: unknown = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url)), 'utf8'),
  );
  const validate = createAjv().compile(schema as object);
  t.ok(validate(report), `report.json matches its schema ${JSON.stringify(validate.errors)}`);
  t.match(report, { embeddedMock: true, seed: 11 });

  const junit = new XMLParser({ ignoreAttributes: false }).parse(
    readFileSync(join(out, 'junit.xml'), 'utf8'),
  );
  t.equal(junit.testsuites.testsuite.length, 5, 'one testsuite per profile');

  for (const file of readdirSync(out)) {
    const text = readFileSync(join(out, file), 'utf8');
    t.notMatch(text, password, `${file} does not contain the password`);
    t.notMatch(text, /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./, `${file} contains no JWT`);
  }
  t.notMatch(run.stdout, password);
});

t.test('a broken target: exit 1, documented vs received and a curl line per failure', async (t) => {
  const target = await startBrokenTarget('undocumented-status', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  const out = t.testdir();
  const run = await tokenrig([
    'run',
    '--api',
    'kirjaswappi',
    '--target',
    target.url,
    '--out',
    out,
    '--reporter',
    'console',
  ]);
  t.equal(run.code, EXIT.FAILURES);
  t.match(run.stdout, /Undocumented HTTP status code/);
  t.match(run.stdout, /Received: 418 \/ Documented: 200, 400, 401, 404/);
  t.match(run.stdout, /curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/authenticate\/refresh'/);
  // The exit reason is said once: by the console's last line, not again on stderr.
  t.match(run.stdout, /\nexit 1: \d+ of \d+ cases failed\n$/);
  t.notMatch(run.stderr, /cases failed/);
  t.same(readdirSync(out), [], 'only the chosen reporters write');
});

t.test('usage and suite errors exit 2 with the file and JSON pointer', async (t) => {
  const bad = await tokenrig(['run', '--suite', join(FIXTURES, 'bad-pointer.json')]);
  t.equal(bad.code, EXIT.USAGE);
  t.match(
    bad.stderr,
    /bad-pointer\.json at \/cases\/0\/steps\/0\/expect: must NOT have additional properties \(statuz\)/,
  );
  const reporter = await tokenrig(['run', '--reporter', 'xml']);
  t.equal(reporter.code, EXIT.USAGE);
  t.match(reporter.stderr, /xml/);
  const target = await tokenrig(['run', '--target', 'ftp://example']);
  t.equal(target.code, EXIT.USAGE);
  const validate = await tokenrig(['validate', join(FIXTURES, 'bad-pointer.json')]);
  t.equal(validate.code, EXIT.USAGE);
  t.match(validate.stderr, /statuz/);
  const basis = await tokenrig(['validate', join(FIXTURES, 'must-on-assumed.json')]);
  t.equal(basis.code, EXIT.USAGE, 'a must resting only on observed and assumed facts is a suite error');
  t.match(
    basis.stderr,
    /must-on-assumed\.json at \/cases\/0\/severity: a must case needs a clause of kind documented, reconstructed, standard/,
  );
  const getBody = await tokenrig(['validate', join(FIXTURES, 'get-with-body.json')]);
  t.equal(
    getBody.code,
    EXIT.USAGE,
    "a body on a GET is the suite's error, not a transport failure of the target",
  );
  t.match(
    getBody.stderr,
    /get-with-body\.json at \/cases\/0\/steps\/0\/request: a GET request cannot carry a body/,
  );
});

t.test('list and validate describe the shipped suites', async (t) => {
  const list = await tokenrig(['list']);
  t.equal(list.code, 0);
  t.match(list.stdout, /flolive — /);
  t.match(list.stdout, /refresh\s+PUT \/api\/v2\/auth\/token\s+200 default/);
  t.match(list.stdout, /suite .*flolive\.suite\.json: \d+ cases \(\d+ must, \d+ should\)/);
  const validate = await tokenrig(['validate']);
  t.equal(validate.code, 0, validate.stderr);
  t.equal(validate.stdout.trim().split('\n').length, 5, 'one line per shipped suite');
});

t.test('TAP on stdout stays valid TAP; the console report moves to stderr', async (t) => {
  const run = await tokenrig(['run', '--api', 'vcf', '--reporter', 'console,tap', '--out', t.testdir()]);
  t.equal(run.code, 0);
  t.match(run.stdout, /^TAP version 14\n/);
  t.notMatch(run.stdout, /Scores/);
  t.match(run.stderr, /Scores/);
});

t.test('no case selected is exit 2 naming the filter that matched nothing, before any report', async (t) => {
  const out = t.testdir();
  const typo = await tokenrig(['run', '--grep', 'rotaton', '--out', out]);
  t.equal(typo.code, EXIT.USAGE, 'a typo does not pass the gate');
  t.equal(typo.stderr.trim().split('\n').length, 1, typo.stderr);
  t.match(
    typo.stderr,
    /^tokenrig: --grep "rotaton" matched none of the 112 cases of .*; did you mean "rotation"\?\n$/,
  );
  t.same(readdirSync(out), [], 'no report of a run that ran nothing');
  const nothing = await tokenrig(['run', '--grep', 'zzznothing', '--out', out]);
  t.equal(nothing.code, EXIT.USAGE);
  t.match(
    nothing.stderr,
    /--grep "zzznothing" matched none of the 112 cases .*\(it reads each case's id, title and tags/,
  );
  const api = await tokenrig(['run', '--suite', join(FIXTURES, 'kirjaswappi-mini.json'), '--api', 'flolive']);
  t.equal(api.code, EXIT.USAGE);
  t.match(
    api.stderr,
    /--api flolive matched no suite in --suite .*kirjaswappi-mini\.json; its suites are for kirjaswappi/,
  );
  const empty = await tokenrig(['run', '--suite', t.testdir(), '--out', out]);
  t.equal(empty.code, EXIT.USAGE);
  t.match(empty.stderr, /--suite .*: no suite file found/);
  // Generated requests are selected too: --grep negative with --fuzz runs them.
  const fuzz = await tokenrig([
    'run',
    '--api',
    'flolive',
    '--fuzz',
    '10',
    '--grep',
    'negative-',
    '--reporter',
    'json',
    '--out',
    out,
  ]);
  t.equal(fuzz.code, EXIT.OK, fuzz.stderr);
});

t.test('a down target: one line per profile, the reason said once, reports marked errored', async (t) => {
  const out = t.testdir();
  const dead = await deadUrl();
  const run = await tokenrig([
    'run',
    '--target',
    dead,
    '--out',
    out,
    '--reporter',
    'console,json,junit,html,markdown',
  ]);
  t.equal(run.code, EXIT.UNREACHABLE);
  const progress = run.stdout.split('\n\n')[0]?.split('\n').slice(1) ?? [];
  t.equal(progress.length, 5, `one line per profile:\n${progress.join('\n')}`);
  for (const line of progress)
    t.match(line, /^ {2}ERROR \S+ {2}none of its \d+ cases ran: target unreachable: connection refused/);
  t.notMatch(run.stdout, /SKIP/);
  const said = `${run.stdout}${run.stderr}`.match(/is unreachable/g) ?? [];
  t.equal(said.length, 1, 'the exit reason once, by the console');
  t.equal(run.stderr, '', 'nothing repeated on stderr');

  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    exitCode: number;
    profiles: { profile: string; errored?: string }[];
  };
  t.equal(report.exitCode, EXIT.UNREACHABLE);
  t.ok(
    report.profiles.every((p) => /^target unreachable: /.test(p.errored ?? '')),
    'every profile errored',
  );
  const junit = new XMLParser({ ignoreAttributes: false }).parse(
    readFileSync(join(out, 'junit.xml'), 'utf8'),
  );
  t.equal(junit.testsuites['@_errors'], junit.testsuites['@_tests'], 'JUnit: every case in error');
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  t.match(md, /\| vcf \| ❌ errored: target unreachable/);
  t.notMatch(md, /✅/, 'nothing in the summary reads as a pass');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  t.notMatch(html, /class="num ok">errored/, 'an errored profile is not green');
});

t.test('a failed login: one ERROR line for its profile, not a FAIL line per case; exit 3', async (t) => {
  const out = t.testdir();
  // A mock someone started, with its own demo/demo: the run's password is wrong for it.
  const mock = await startMockServer({ port: 0, seed: SEED });
  t.teardown(() => mock.close());
  const run = await tokenrig([
    'run',
    '--target',
    mock.url,
    '--api',
    'flolive',
    '--password',
    'wrong',
    '--reporter',
    'console',
    '--out',
    out,
  ]);
  t.equal(run.code, EXIT.UNREACHABLE, run.stderr);
  const progress = run.stdout.split('\n\n')[0]?.split('\n').slice(1) ?? [];
  t.equal(progress.length, 1, progress.join('\n'));
  t.match(progress[0], /^ {2}ERROR flolive {2}none of its \d+ cases ran: session bootstrap failed: /);
  t.notMatch(run.stdout, /FAIL/);
});

t.test('an --out where reports cannot be written is exit 2 before any request', async (t) => {
  const dir = t.testdir({ 'a-file': 'not a folder' });
  const run = await tokenrig(['run', '--api', 'vcf', '--out', join(dir, 'a-file')]);
  t.equal(run.code, EXIT.USAGE, run.stderr);
  t.match(
    run.stderr,
    /^tokenrig: --out .*a-file: reports cannot be written there \(EEXIST: file already exists/,
  );
  t.notMatch(run.stdout, /vcf\.refresh/, 'no case ran');
});
