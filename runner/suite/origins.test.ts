import t from 'tap';
import { Origins } from './origins.js';

t.test('a pointer is mapped to where each part it passes through was written', async (t) => {
  const origins = new Origins();
  const fragment = origins.record({ status: [401], body: [{ path: '/a' }] }, '/fragments/expects/x');
  const step = origins.record(
    { name: 'n', operation: 'refresh', expect: fragment },
    '/cases/0/steps/2',
    new Map([['operation', '/fragments/steps/s/operation']]),
  );
  const root = origins.record({ cases: [{ steps: [{}, {}, step] }] }, '');
  t.equal(origins.locate(root, ''), '');
  t.equal(origins.locate(root, '/cases/0/steps/2'), '/cases/0/steps/2');
  t.equal(origins.locate(root, '/cases/0/steps/2/name'), '/cases/0/steps/2/name', 'no record: the parent’s');
  t.equal(
    origins.locate(root, '/cases/0/steps/2/operation'),
    '/fragments/steps/s/operation',
    'a key written elsewhere',
  );
  t.equal(origins.locate(root, '/cases/0/steps/2/expect/body/0/path'), '/fragments/expects/x/body/0/path');
  t.equal(
    origins.locate(root, '/cases/0/steps/2/expect/missing/deeper'),
    '/fragments/expects/x/missing/deeper',
  );
});

t.test('a copy keeps the record of what it copies; an unrecorded root starts at the top', async (t) => {
  const origins = new Origins();
  const original = origins.record({ a: 1 }, '/fragments/requests/r');
  const copy = origins.copy(original, { a: 2 });
  t.equal(origins.locate(copy, '/a'), '/fragments/requests/r/a');
  t.equal(origins.locate({ b: { c: 1 } }, '/b/c'), '/b/c');
  t.equal(origins.locate({ 'x/y': 1 }, '/x~1y'), '/x~1y', 'escaped keys stay escaped');
});
