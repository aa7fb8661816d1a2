import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import t, { type Test } from 'tap';
import { CURL_500, captureContext, fixture, HOSTILE } from './fixture.js';
import { CURL_FOLDED, foldedFixture } from './fixture-folded.js';
import { junitReporter, renderJunit } from './junit.js';

interface Attrs {
  readonly '@name': string;
  readonly '@tests': string;
  readonly '@failures': string;
  readonly '@skipped': string;
  readonly '@time': string;
}
interface TestCase {
  readonly '@classname': string;
  readonly '@name': string;
  readonly '@time': string;
  readonly failure?: { readonly '@message': string; readonly '@type': string; readonly '#text': string };
  readonly skipped?: { readonly '@message': string };
  readonly 'system-out'?: string;
}
interface TestSuite extends Attrs {
  readonly testcase: readonly TestCase[];
}
interface JUnitDoc {
  readonly testsuites: Attrs & { readonly testsuite: readonly TestSuite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'testsuite' || name === 'testcase',
  parseTagValue: false,
  // Decodes numeric character references (&#10;), which XML 1.0 itself defines; the name is historic.
  htmlEntities: true,
});

/** What the reporter should leave of a string XML 1.0 cannot carry. */
const visible = (text: string): string => text.replaceAll('\u0001', '\\u0001');

async function writeAndParse(t: Test, dir: string): Promise<JUnitDoc> {
  const paths = await junitReporter.finish(fixture, captureContext(dir));
  const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  t.same(paths, [join(dir, 'junit.xml')]);
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const doc: JUnitDoc = parser.parse(xml);
  return doc;
}

const suiteCase = (doc: JUnitDoc, profile: string, id: string): TestCase | undefined =>
  doc.testsuites.testsuite
    .find((s) => s['@name'] === profile)
    ?.testcase.find((c) => c['@name'].startsWith(`${id}: `));

t.test('counts and times on testsuites and each testsuite', async (t) => {
  const doc = await writeAndParse(t, join(t.testdir(), 'new-dir'));
  const root = doc.testsuites;
  t.match(root, { '@name': 'tokenrig', '@tests': '6', '@failures': '2', '@skipped': '1', '@time': '1.834' });
  t.same(
    root.testsuite.map((s) => [s['@name'], s['@tests'], s['@failures'], s['@skipped'], s['@time']]),
    [
      ['flolive', '3', '1', '0', '1.275'],
      ['vcf', '3', '1', '1', '0.039'],
    ],
  );
  t.same(
    root.testsuite.flatMap((s) => s.testcase.map((c) => [c['@classname'], c['@name'], c['@time']])),
    fixture.cases.map((c) => [c.profile, `${c.id}: ${c.title}`, (c.durationMs / 1000).toFixed(3)]),
    'one testcase per case, named <id>: <title>, time in seconds',
  );
});

t.test('a failed case: the first must failure in the attribute, every failure in the text', async (t) => {
  const doc = await writeAndParse(t, t.testdir());
  const failure = suiteCase(doc, 'flolive', 'flolive.refresh.expired')?.failure;
  if (!failure) return t.fail('no <failure> on flolive.refresh.expired');
  t.equal(
    failure['@message'],
    visible(`Undocumented HTTP status code: Received: 500 / Documented: 200, 400, 401\nbody: ${HOSTILE}`),
    'quotes, markup and the newline survive; the control character is made visible',
  );
  t.equal(failure['@type'], 'status_code_conformance');
  const text = failure['#text'];
  t.match(text, '[must] Undocumented HTTP status code (status_code_conformance)');
  t.match(text, '[must] Response violates schema (response_schema_conformance)');
  t.match(text, 'expected: [200,400,401]\nactual: 500');
  t.match(text, 'path: /error\nschemaPath: #/properties/error/type');
  t.match(text, `curl: ${visible(CURL_500)}`);
  t.match(
    text,
    /^clauses: documented: floLIVE knowledge base \(kb\.flolive\.net\), "Refresh Token": AUTH_1002; assumed: docs\/profiles\/flolive\.md/,
    'the text opens with what the case rests on, each clause with its kind',
  );
});

t.test('a failed case without a finding carries its reason', async (t) => {
  const doc = await writeAndParse(t, t.testdir());
  const failure = suiteCase(doc, 'vcf', 'vcf.refresh.ok')?.failure;
  t.match(failure, {
    '@message': 'bootstrap failed: step login received no response (ECONNRESET)',
    '@type': 'harness',
  });
});

t.test('skipped cases say why; should findings of a passed case go to system-out', async (t) => {
  const doc = await writeAndParse(t, t.testdir());
  const skipped = suiteCase(doc, 'vcf', 'vcf.revoke.clock');
  t.equal(skipped?.skipped?.['@message'], visible(fixture.cases[5]?.reason ?? ''));
  t.notOk(skipped?.failure);
  const warned = suiteCase(doc, 'flolive', 'flolive.refresh.rotates');
  t.notOk(warned?.failure, 'a warning does not fail the testcase');
  t.match(warned?.['system-out'], '[should] Token response is cacheable (assertion)');
  t.match(warned?.['system-out'], 'clauses: documented: floLIVE');
  const clean = suiteCase(doc, 'flolive', 'flolive.login.ok');
  t.notOk(clean?.failure ?? clean?.skipped ?? clean?.['system-out'], 'a clean pass is an empty testcase');
});

t.test('no character XML 1.0 forbids reaches the file; astral characters do', (t) => {
  const title = 'lone \ud800 surrogate, \u001b[31m escape, \ufffe non-character, \u{1f600} astral';
  const xml = renderJunit({ ...fixture, cases: fixture.cases.map((c) => ({ ...c, title })) });
  t.notMatch(xml, /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
  t.match(xml, 'lone \\ud800 surrogate, \\u001b[31m escape, \\ufffe non-character, \u{1f600} astral');
  t.equal(XMLValidator.validate(xml), true);
  t.end();
});

t.test(
  'a folded root: its consequents indented under it, the curl variables as suite properties',
  async (t) => {
    const xml = renderJunit(foldedFixture);
    t.equal(XMLValidator.validate(xml), true);
    const doc: JUnitDoc = parser.parse(xml);
    const kirja = doc.testsuites.testsuite.find((s) => s['@name'] === 'kirjaswappi');
    const failure = kirja?.testcase[0]?.failure;
    t.equal(
      failure?.['@message'],
      'Server error: Received: 500 / Expected: no 5xx (and 3 consequent findings)',
    );
    t.match(
      failure?.['#text'],
      '[must] Server error (not_a_server_error)\nReceived: 500 / Expected: no 5xx\nstep: refresh\ncurl: ' +
        `${CURL_FOLDED}\nand 3 consequent findings on the same response:\n  [must] Unexpected HTTP status (assertion)\n  Received: 500 / Expected: 200\n  [must] Body (root) should be of type object (assertion)`,
    );
    t.match(failure?.['#text'], '  path: (whole body)\n');
    t.equal(failure?.['#text'].split('curl: ').length, 3, 'a curl line for each root, none for a consequent');
    t.match(
      xml,
      /<property name="curl variable TOKENRIG_REFRESH_TOKEN" value="refresh token: a refresh token/,
    );
    t.equal(xml.match(/<properties>/g)?.length, 1, 'only the suite whose lines need one');
  },
);
