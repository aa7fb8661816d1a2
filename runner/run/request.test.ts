import t from 'tap';
import { loadContracts } from '../../schemas/load.js';
import { TemplateError } from '../template.js';
import { buildRequest } from './request.js';

const login = loadContracts(['kirjaswappi']).get('kirjaswappi')?.operations.get('login');
const context = {
  target: 'http://127.0.0.1:1',
  uuid: () => '00000000-0000-4000-8000-000000000000',
  options: { headers: { 'x-run': 'r', 'x-both': 'run' } },
};
const session = () => ({
  vars: new Map<string, unknown>([
    ['user', 'ann'],
    ['tok', 'T'],
  ]),
  secrets: new Set<string>(),
});

t.test('the documented method and path, templates filled, the step over the run headers', async (t) => {
  const request = buildRequest(
    context,
    {
      name: 'login',
      operation: 'login',
      request: {
        json: { username: '{{user}}', id: '{{uuid}}' },
        bearer: '{{tok}}',
        headers: { 'X-Both': 'step' },
      },
    },
    login,
    session(),
  );
  t.same(request, {
    method: login?.method,
    url: `http://127.0.0.1:1${login?.path}`,
    headers: {
      'x-run': 'r',
      'x-both': 'step',
      'content-type': 'application/json',
      authorization: 'Bearer T',
    },
    body: '{"username":"ann","id":"00000000-0000-4000-8000-000000000000"}',
  });
});

t.test('a raw step: its own method, path, query, form and cookies', async (t) => {
  const request = buildRequest(
    context,
    {
      name: 'raw',
      request: {
        method: 'POST',
        path: '/p/{{user}}',
        query: { q: '{{tok}}' },
        form: { a: 'b c' },
        cookies: { s: '{{tok}}', t: '1' },
      },
    },
    undefined,
    session(),
  );
  t.same(request, {
    method: 'POST',
    url: 'http://127.0.0.1:1/p/ann?q=T',
    headers: {
      'x-run': 'r',
      'x-both': 'run',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: 's=T; t=1',
    },
    body: 'a=b+c',
  });
  t.same(
    buildRequest(context, { name: 'b', request: { body: 'raw {{user}}' } }, undefined, session()).body,
    'raw ann',
  );
  t.equal(buildRequest(context, { name: 'g' }, undefined, session()).method, 'GET');
});

t.test('an undefined variable is a TemplateError (the case reports a suite error)', async (t) => {
  t.throws(
    () => buildRequest(context, { name: 'x', request: { path: '/{{nope}}' } }, undefined, session()),
    TemplateError,
  );
});
