import t from 'tap';
import { allowsStatus, allowsSuccess, matchesAnyStatus, matchesStatus } from './status.js';

t.test('a code matches itself only; a class matches every code of its hundred', async (t) => {
  t.ok(matchesStatus(404, 404));
  t.notOk(matchesStatus(404, 400));
  t.ok(matchesStatus('4XX', 400));
  t.ok(matchesStatus('4XX', 499));
  t.ok(matchesStatus('4XX', 405));
  t.notOk(matchesStatus('4XX', 500), 'a 5xx is not a client error');
  t.notOk(matchesStatus('4XX', 399));
  t.ok(matchesStatus('2XX', 204));
  t.notOk(matchesStatus('5XX', 600), 'no class covers a status above 599');
  t.ok(matchesAnyStatus([400, '5XX'], 503));
  t.notOk(matchesAnyStatus([400, 401], 405));
});

t.test('a success is a 2xx code or the 2XX class', async (t) => {
  t.ok(allowsSuccess(200));
  t.ok(allowsSuccess('2XX'));
  t.notOk(allowsSuccess(302));
  t.notOk(allowsSuccess('4XX'));
});

t.test(
  'a preferred status lies within the allowed ones: a code in a class, a class only as itself',
  async (t) => {
    t.ok(allowsStatus(['4XX'], 401));
    t.ok(allowsStatus([400, 401], 401));
    t.ok(allowsStatus(['4XX', 200], '4XX'));
    t.ok(allowsStatus(undefined, 418), 'no status expectation allows any');
    t.notOk(allowsStatus([400, 403], 401));
    t.notOk(allowsStatus([400, 401], '4XX'), 'a class is wider than its codes');
    t.notOk(allowsStatus(['4XX'], 500));
  },
);
