import t from 'tap';
import type { Suite } from '../suite/types.js';
import { nothingSelected } from './selection.js';

const suite = (profile: Suite['profile'], ids: string[], tags: string[] = []): Suite => ({
  profile,
  cases: ids.map((id) => ({ id, title: `title of ${id}`, tags, steps: [] })),
});

t.test('a --grep that matched nothing is named, with the nearest id part or tag', async (t) => {
  const suites = [suite('flolive', ['flolive.refresh.rotation', 'flolive.login.success'], ['happy-path'])];
  t.equal(
    nothingSelected(suites, /rotaton/i),
    '--grep "rotaton" matched none of the 2 cases of flolive; did you mean "rotation"?',
  );
  t.equal(
    nothingSelected(suites, /happy-pth/i),
    '--grep "happy-pth" matched none of the 2 cases of flolive; did you mean "happy-path"?',
    'tags are names too',
  );
  t.equal(
    nothingSelected(suites, /zzznothing/i),
    `--grep "zzznothing" matched none of the 2 cases of flolive (it reads each case's id, title and tags, e.g. "flolive.refresh.rotation")`,
    'no far-fetched hint',
  );
  t.equal(nothingSelected([], undefined), 'no case to run in the suites of no profile');
});
