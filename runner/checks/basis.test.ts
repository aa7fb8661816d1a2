import t from 'tap';
import { createAjv, type OperationContract, type ResponseContract } from '../../schemas/load.js';
import { exchange as build, vcfRefresh } from '../../test/helpers/exchange.js';
import { type Exchange, severityFor } from './check.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

/**
 * A must rests only on what the vendor documents: findings about responses tokenrig lists from the
 * vendor's code (observed) or by its own choice (assumed) carry that basis, and are reported at should.
 */
const ajv = createAjv();
const vmwareError = ajv.compile({ type: 'object', properties: { message: { type: 'string' } } });
const listed = (status: number, provenance: ResponseContract['provenance']): ResponseContract => ({
  status,
  provenance,
  contentTypes: ['application/json'],
  validate: vmwareError,
});

/** VMware's revoke: 204 documented, the mock's 400 and 404 assumed. */
const revoke = vcfRefresh(
  [
    { status: 204, provenance: 'documented', contentTypes: [] },
    listed(400, 'assumed'),
    listed(404, 'assumed'),
  ],
  { id: 'revoke', method: 'DELETE', path: '/v1/tokens/refresh-token' },
);
/** VMware's refresh: 400 and 404 documented. */
const refresh: OperationContract = {
  ...revoke,
  id: 'refresh',
  responses: [listed(200, 'documented'), listed(400, 'documented'), listed(404, 'documented')],
};

function exchange(
  operation: OperationContract,
  status: number,
  text: string,
  type = 'application/json',
): Exchange {
  return build({ status, text, headers: { 'content-type': type }, operation });
}

t.test('severityFor lowers a must to should for observed and assumed facts only', async (t) => {
  t.equal(severityFor('must', undefined), 'must');
  t.equal(severityFor('must', 'documented'), 'must');
  t.equal(severityFor('must', 'reconstructed'), 'must');
  t.equal(severityFor('must', 'observed'), 'should');
  t.equal(severityFor('must', 'assumed'), 'should');
  t.equal(severityFor('should', 'documented'), 'should', 'never raised');
});

t.test('an undocumented status of a class the vendor lists at all is a must finding', async (t) => {
  const [finding] = statusCodeConformance.run(exchange(refresh, 410, '{}'), { sentSecrets: [] });
  t.ok(finding, 'reported');
  t.equal(finding?.basis, undefined, 'the vendor documents 4xx for refresh: must');
});

t.test("where the vendor lists no status of the class, the listed ones are tokenrig's: should", async (t) => {
  const [finding] = statusCodeConformance.run(exchange(revoke, 410, '{}'), { sentSecrets: [] });
  t.equal(finding?.basis, 'assumed', 'a 410 for revoke is only a should');
  t.match(finding?.message, /the vendor documents no 4xx/);
  t.same(statusCodeConformance.run(exchange(revoke, 404, '{}'), { sentSecrets: [] }), [], 'listed: fine');
  const [server] = statusCodeConformance.run(exchange(revoke, 503, '{}'), { sentSecrets: [] });
  t.equal(server?.basis, 'assumed', 'nothing here demands a particular 5xx either');
});

t.test("a body judged by an assumed response's schema or media type carries the basis", async (t) => {
  const bad = exchange(revoke, 404, '{"message": 42}');
  const [schema] = responseSchemaConformance.run(bad, { sentSecrets: [] });
  t.equal(schema?.basis, 'assumed');
  const html = exchange(revoke, 404, '<h1>Not Found</h1>', 'text/html');
  t.equal(responseSchemaConformance.run(html, { sentSecrets: [] })[0]?.basis, 'assumed', 'not JSON');
  t.equal(contentTypeConformance.run(html, { sentSecrets: [] })[0]?.basis, 'assumed');
  const documented = exchange(refresh, 404, '{"message": 42}');
  const [must] = responseSchemaConformance.run(documented, { sentSecrets: [] });
  t.ok(must, 'a documented response still fails');
  t.equal(must?.basis, undefined, 'at must');
  t.equal(
    contentTypeConformance.run(exchange(refresh, 404, 'x', 'text/html'), { sentSecrets: [] })[0]?.basis,
    undefined,
  );
});
