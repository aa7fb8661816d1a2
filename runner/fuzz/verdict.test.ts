import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import type { Mutation } from './mutation.js';
import { isAcceptance, negativeVerdict } from './verdict.js';

const mutation = (expect: Mutation['expect']): Mutation => ({
  id: 'missing:refreshToken',
  description: 'required refreshToken left out',
  expect,
  apply: (r) => r,
});

t.test('an invalid input accepted with a 2xx fails; refused with a 4xx passes', async (t) => {
  t.same(negativeVerdict(mutation('reject'), exchange({ status: 400, text: '{}' }), 'must'), []);
  t.same(negativeVerdict(mutation('reject'), exchange({ status: 200, text: '{"token":"x"}' }), 'must'), [
    {
      check: 'negative',
      title: 'Invalid request accepted',
      message: 'Sent: missing:refreshToken / Received: 200 / Documented: a client error',
      severity: 'must',
      actual: 200,
    },
  ]);
  t.match(negativeVerdict(mutation('reject'), exchange({ status: 302 }), 'must'), [
    {
      title: 'Invalid request answered with a redirect',
      message: 'Sent: missing:refreshToken / Received: 302',
    },
  ]);
});

t.test('an odd but valid input may be answered any way the checks allow', async (t) => {
  t.same(negativeVerdict(mutation('survive'), exchange({ status: 200, text: '{}' }), 'must'), []);
});

t.test('a floLIVE-style NAK in a 200 is a refusal, not an acceptance', async (t) => {
  t.notOk(isAcceptance(200, { errorCode: 'E1' }));
  t.ok(isAcceptance(200, { errorCode: '' }));
  t.ok(isAcceptance(204, undefined));
  t.notOk(isAcceptance(401, {}));
});
