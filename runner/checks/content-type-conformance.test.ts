import t from 'tap';
import type { OperationContract } from '../../schemas/load.js';
import { exchange, vcfRefresh } from '../../test/helpers/exchange.js';
import { contentTypeConformance } from './content-type-conformance.js';

const refresh = vcfRefresh([
  { status: 200, provenance: 'documented', contentTypes: ['application/json'] },
  { status: 404, provenance: 'documented', contentTypes: ['application/json'] },
  { status: 204, provenance: 'documented', contentTypes: [] },
]);
const run = (
  status: number,
  type: string | undefined,
  text = '{}',
  operation: OperationContract | null = refresh,
) =>
  contentTypeConformance.run(
    exchange({
      status,
      text,
      headers: type === undefined ? {} : { 'content-type': type },
      ...(operation ? { operation } : {}),
    }),
    { sentSecrets: [] },
  );

t.test('the documented media type passes, with parameters and in any case', async (t) => {
  t.same(run(200, 'application/json'), []);
  t.same(run(404, 'Application/JSON; charset=utf-8'), []);
});

t.test('another media type, or none, on a body fails and names both sides', async (t) => {
  const [html] = run(404, 'text/html', '<h1>Not Found</h1>');
  t.match(html, { title: 'Undocumented Content-Type', actual: 'text/html', expected: ['application/json'] });
  t.match(html?.message, /Received: text\/html \/ Documented: application\/json/);
  const [none] = run(200, undefined, '"eyJ"');
  t.match(none?.message, /Received: \(no Content-Type\)/);
  t.equal(run(200, 'application/jsonx').length, 1, 'a media type is compared whole');
});

t.test('nothing to judge: an empty body, no documented media type, no operation', async (t) => {
  t.same(run(200, 'text/plain', ''), [], 'empty body');
  t.same(run(204, 'text/plain', 'x'), [], 'the status documents no body type');
  t.same(run(200, 'text/plain', 'x', null), [], 'not a documented operation (an admin call)');
});
