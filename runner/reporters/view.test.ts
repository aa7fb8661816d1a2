import t from 'tap';
import type { Failure } from '../model.js';
import { fixture } from './fixture.js';
import { foldedFixture } from './fixture-folded.js';
import { consequentLine, consequentsOf, pointerLabel, severityText, withCurlVariables } from './view.js';

const f = (title: string, consequents?: Failure[]): Failure => ({
  check: 'assertion',
  title,
  message: title,
  severity: 'must',
  ...(consequents ? { consequents } : {}),
});

t.test('the root pointer reads as the whole body; other pointers as they are', async (t) => {
  t.equal(pointerLabel(''), '(whole body)');
  t.equal(pointerLabel('/'), '/', 'a member named "" is not the whole body (RFC 6901)');
  t.equal(pointerLabel('/a/0'), '/a/0');
});

t.test('a consequent line counts every nested finding and lists distinct titles', async (t) => {
  const root = f('root', [f('a', [f('b')]), f('a'), f('c'), f('d')]);
  t.equal(consequentsOf(root).length, 5);
  t.equal(consequentLine(root), 'and 5 consequent findings: a; b; c; +1 more');
  t.equal(consequentLine(f('alone')), undefined);
  t.equal(consequentLine(f('one', [f('x')])), 'and 1 consequent finding: x');
});

t.test('severity text says where a consequent raised the root', async (t) => {
  t.equal(severityText(f('x')), 'must');
  t.equal(severityText({ ...f('x'), ownSeverity: 'should' }), 'must (should itself; raised by a consequent)');
});

t.test('curl variables are filled in only where a line needs one', async (t) => {
  t.equal(withCurlVariables(fixture), fixture, 'no variable, no field');
  t.same(
    withCurlVariables(foldedFixture).curlVariables?.map((v) => v.name),
    ['TOKENRIG_REFRESH_TOKEN'],
  );
});
