import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import type { AssertionContext } from './assertion.js';
import { preferStatus, status } from './status.js';

const context: AssertionContext = {
  severity: 'must',
  render: (v) => v,
  schemas: { has: () => false, get: () => undefined },
};

t.test('status: holds for a listed code or class, fails showing both sides', async (t) => {
  t.same(status.run(exchange({ status: 404 }), { status: [200, '4XX'] }, context), []);
  t.same(status.run(exchange({ status: 404 }), {}, context), [], 'nothing asked, nothing fails');
  t.same(status.run(exchange({ status: 500 }), { status: [200, '4XX'], statusSeverity: 'should' }, context), [
    {
      check: 'assertion',
      title: 'Unexpected HTTP status',
      message: 'Received: 500 / Expected: 200, 4XX',
      severity: 'should',
      expected: [200, '4XX'],
      actual: 500,
    },
  ]);
});

t.test('preferStatus: a should finding, only where status held', async (t) => {
  t.same(preferStatus.run(exchange({ status: 401 }), { status: ['4XX'], preferStatus: [401] }, context), []);
  t.same(
    preferStatus.run(exchange({ status: 500 }), { status: ['4XX'], preferStatus: [401] }, context),
    [],
    'status failed already',
  );
  t.same(preferStatus.run(exchange({ status: 404 }), { status: ['4XX'], preferStatus: [401] }, context), [
    {
      check: 'assertion',
      title: 'Status differs from the expected one',
      message: 'Received: 404 / Expected (should): 401',
      severity: 'should',
      expected: [401],
      actual: 404,
    },
  ]);
  t.equal(
    preferStatus.run(exchange({ status: 404 }), { preferStatus: [401] }, context).length,
    1,
    'without status too',
  );
});
