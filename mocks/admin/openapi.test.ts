import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

t.test('OpenAPI documents: bundled, self-contained, pointing at this mock', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const doc = await call(mock, 'GET', '/__admin/openapi/vcf.json');
  t.equal(doc.status, 200);
  t.match(doc.json, {
    openapi: '3.1.0',
    servers: [{ url: 'http://localhost' }],
    components: { schemas: { Error: Object } },
  });
  t.notMatch(doc.text, /\.schema\.json/, 'no reference to a file is left');
  t.equal((await call(mock, 'GET', '/__admin/openapi/flolive.json')).status, 404, 'only mounted profiles');
  t.equal((await call(mock, 'GET', '/__admin/openapi/vcf')).status, 404);
});
