import t from 'tap';
import type { OperationContract } from '../../schemas/load.js';
import { exchange, vcfRefresh } from '../../test/helpers/exchange.js';
import { statusCodeConformance } from './status-code-conformance.js';

const documented = (status: number | 'default') => ({
  status,
  provenance: 'documented' as const,
  contentTypes: [],
});
const refresh = vcfRefresh([documented(200), documented(400), documented(404), documented(500)]);
const oracle: OperationContract = {
  ...refresh,
  profile: 'oracle-commerce',
  responses: [documented(200), documented('default')],
};
const run = (operation: OperationContract, status: number) =>
  statusCodeConformance.run(exchange({ status, operation }), { sentSecrets: [] });

t.test('a documented status passes; a default response covers every 4xx and 5xx', async (t) => {
  for (const status of [200, 400, 404, 500]) t.same(run(refresh, status), [], String(status));
  for (const status of [401, 403, 418, 503]) t.same(run(oracle, status), [], `default covers ${status}`);
});

t.test('an undocumented status fails with both sides', async (t) => {
  const [finding] = run(refresh, 401);
  t.match(finding, { title: 'Undocumented HTTP status code', actual: 401, expected: [200, 400, 404, 500] });
  t.match(finding?.message, /Received: 401 \/ Documented: 200, 400, 404, 500/);
  t.equal(run(refresh, 201).length, 1, 'a success status the vendor does not list');
  t.equal(run(oracle, 201).length, 1, 'default does not cover successes');
});

t.test('a framework status is left to framework_status; no operation, nothing to check', async (t) => {
  t.same(run(refresh, 405), []);
  t.same(run(refresh, 415), []);
  t.same(statusCodeConformance.run(exchange({ status: 418 }), { sentSecrets: [] }), []);
});
