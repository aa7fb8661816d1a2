import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';
import { LOGIN, REFRESH, REVOKE } from '../../test/helpers/vcf.js';

// Errors in the VMware Error envelope: every documented status on demand, and bad requests.

t.test('every documented error status on demand, in the VMware Error envelope', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const cases: [string, string, string, number[]][] = [
    ['login', 'POST', LOGIN, [400, 401, 500]],
    ['refresh', 'PATCH', REFRESH, [400, 404, 500]],
    ['revoke', 'DELETE', REVOKE, [400, 404]],
  ];
  for (const [op, method, path, statuses] of cases) {
    for (const status of statuses) {
      const reply = await call(mock, method, path, { json: 'x', headers: { prefer: `code=${status}` } });
      t.equal(reply.status, status, `${op} ${status}`);
      assertDocumented(t, mock, 'vcf', op, reply);
      t.match(reply.json, { errorCode: String, message: String, referenceToken: /^[A-Z0-9]{6}$/ });
    }
  }
  const byQuery = await call(mock, 'PATCH', `${REFRESH}?__code=500`, { json: 'x' });
  t.equal(byQuery.status, 500);
  const byCode = await call(mock, 'PATCH', REFRESH, {
    json: 'x',
    headers: { prefer: 'error=VCF_REFRESH_TOKEN_NOT_FOUND' },
  });
  t.equal(byCode.status, 404);
  t.match(byCode.json, { errorCode: 'VCF_REFRESH_TOKEN_NOT_FOUND' });
  const undocumented = await call(mock, 'PATCH', REFRESH, { json: 'x', headers: { prefer: 'code=418' } });
  t.equal(undocumented.status, 400, 'an undocumented status is refused, in the envelope');
  t.match(undocumented.json, { errorCode: 'TOKENRIG_INVALID_DIRECTIVE', message: /418 is not documented/ });
  const revoke500 = await call(mock, 'DELETE', REVOKE, { json: 'x', headers: { prefer: 'code=500' } });
  t.equal(revoke500.status, 400, 'VMware lists no 500 for revoke, so none is served on demand');
  t.match(revoke500.json, { message: /500 is not documented for vcf revoke/ });
});

t.test('bad requests get a documented 400 in the envelope, never a crash', async (t) => {
  const mock = mockApp(t, ['vcf'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Parameters<typeof call>[3]][] = [
    ['malformed JSON', 'login', LOGIN, { body: '{"username":', headers: json }],
    ['wrong content type', 'login', LOGIN, { body: '{}', headers: { 'content-type': 'text/plain' } }],
    ['no content type', 'login', LOGIN, { body: '{}' }],
    ['empty body', 'login', LOGIN, { body: '', headers: json }],
    ['missing password', 'login', LOGIN, { json: { username: 'demo' } }],
    ['mistyped username', 'login', LOGIN, { json: { username: 5, password: 'demo' } }],
    ['array body', 'login', LOGIN, { json: [] }],
    ['oversized body', 'login', LOGIN, { json: { username: 'x'.repeat(1000), password: 'y' } }],
    ['refresh id not a string', 'refresh', REFRESH, { json: { id: 'x' } }],
    ['refresh without body', 'refresh', REFRESH, { body: '', headers: json }],
    ['refresh garbage', 'refresh', REFRESH, { body: 'not json', headers: json }],
    ['revoke number', 'revoke', REVOKE, { json: 42 }],
  ];
  for (const [name, op, path, options] of cases) {
    const method = op === 'login' ? 'POST' : op === 'refresh' ? 'PATCH' : 'DELETE';
    const reply = await call(mock, method, path, options);
    t.equal(reply.status, 400, name);
    assertDocumented(t, mock, 'vcf', op, reply);
  }
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'PATCH');
  t.match(wrongMethod.json, { errorCode: 'VCF_METHOD_NOT_ALLOWED' });
  const unknown = await call(mock, 'POST', '/v1/tokens/elsewhere', { json: {} });
  t.equal(unknown.status, 404);
  t.match(unknown.json, { errorCode: 'VCF_NOT_FOUND' });
});
