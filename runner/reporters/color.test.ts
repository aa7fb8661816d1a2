import t from 'tap';
import { colorFor } from './color.js';

t.test('colour follows the terminal unless the environment says otherwise', async (t) => {
  const cases: [boolean, Record<string, string>, boolean, string][] = [
    [true, {}, true, 'a terminal'],
    [false, {}, false, 'a pipe or a file'],
    [true, { NO_COLOR: '1' }, false, 'NO_COLOR on a terminal'],
    [true, { NO_COLOR: '' }, true, 'an empty NO_COLOR is not set (no-color.org)'],
    [false, { FORCE_COLOR: '1' }, true, 'FORCE_COLOR=1 even when not a terminal'],
    [false, { FORCE_COLOR: '3' }, true, 'FORCE_COLOR=3'],
    [false, { FORCE_COLOR: '' }, true, 'an empty FORCE_COLOR forces it, as supports-color does'],
    [true, { FORCE_COLOR: '0' }, false, 'FORCE_COLOR=0 turns it off on a terminal'],
    [true, { FORCE_COLOR: 'false' }, false, 'FORCE_COLOR=false'],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true, 'FORCE_COLOR wins over NO_COLOR, as in Node'],
    [true, { NODE_DISABLE_COLORS: '1' }, false, 'NODE_DISABLE_COLORS'],
    [true, { TERM: 'dumb' }, false, 'TERM=dumb'],
  ];
  for (const [isTTY, env, expected, what] of cases) t.equal(colorFor({ isTTY, env }), expected, what);
});
