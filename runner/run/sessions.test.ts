import t from 'tap';
import type { SuiteCase } from '../suite/types.js';
import type { Session } from './context.js';
import { SharedSessions, schedule, sessionUse } from './sessions.js';

const session = (refreshToken: string): Session => ({
  vars: new Map([['refreshToken', refreshToken]]),
  secrets: new Set([refreshToken]),
});
const rotates: SuiteCase = {
  id: 'd.r',
  title: 'r',
  session: 'rotates',
  handsBack: { refreshToken: 'latest' },
  steps: [],
};

t.test('a lent session is a copy; a rotating case hands back what it rotated to', async (t) => {
  const shared = new SharedSessions(new Map([['dreadnode', session('first')]]));
  const lent = shared.lend('dreadnode');
  if (!lent || 'lost' in lent) throw new Error('nothing lent');
  lent.vars.set('refreshToken', 'changed by a reader');
  const again = shared.lend('dreadnode');
  t.match(again, { vars: new Map([['refreshToken', 'first']]) }, 'a reader cannot change it');
  const used = session('first');
  used.vars.set('latest', 'second');
  shared.handBack('dreadnode', rotates, used);
  t.match(shared.lend('dreadnode'), { vars: new Map([['refreshToken', 'second']]) });
});

t.test('a rotating case that did not capture the new value loses the shared session', async (t) => {
  const shared = new SharedSessions(new Map([['dreadnode', session('first')]]));
  shared.handBack('dreadnode', rotates, session('first'));
  t.same(shared.lend('dreadnode'), { lost: 'd.r did not capture the rotated refreshToken' });
  t.equal(shared.lend('vcf'), undefined, 'no login, nothing to lend');
});

const USES: SuiteCase['session'][] = ['shared', 'rotates', true, false, undefined];

t.test('the schedule: side by side, then rotating, clock and destructive cases in turn', async (t) => {
  // schedule reads only a task's case: the suite and contract are left out.
  const task = (c: Partial<SuiteCase>) => ({ c: { id: c.id ?? '', title: '', steps: [], ...c } }) as never;
  const s = schedule([
    task({ id: 'last', destructive: 'revokes', steps: [{ name: 'clock', advanceClock: 1 }] }),
    task({ id: 'alone', steps: [{ name: 'clock', advanceClock: 1 }] }),
    task({ id: 'chain', session: 'rotates' }),
    task({ id: 'reader', session: 'shared' }),
    task({ id: 'own' }),
  ]);
  const ids = (list: readonly { c: SuiteCase }[]) => list.map((x) => x.c.id);
  t.same(
    [ids(s.parallel), ids(s.chain), ids(s.alone), ids(s.last)],
    [['reader', 'own'], ['chain'], ['alone'], ['last']],
  );
  t.same(
    USES.map((session) =>
      sessionUse({
        id: '',
        title: '',
        steps: [],
        ...(session === undefined ? {} : { session }),
      }),
    ),
    ['shared', 'rotates', 'own', 'none', 'own'],
  );
});
