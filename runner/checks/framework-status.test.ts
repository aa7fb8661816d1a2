import t from 'tap';
import { createAjv, type OperationContract, type ResponseContract } from '../../schemas/load.js';
import { type Exchange, parseJson } from './check.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { frameworkErrorBody, frameworkStatus, isFrameworkAnswer } from './framework-status.js';
import { CHECKS } from './index.js';
import { notAServerError } from './not-a-server-error.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

const ajv = createAjv();
const envelope = ajv.compile({
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } },
});

const response = (status: number, validate = true): ResponseContract => ({
  status,
  provenance: 'documented',
  contentTypes: ['application/json'],
  ...(validate ? { validate: envelope } : {}),
});

const success: ResponseContract = { ...response(200), validate: ajv.compile({ type: 'object' }) };

const refresh: OperationContract = {
  profile: 'kirjaswappi',
  id: 'refresh',
  method: 'POST',
  path: '/refresh',
  requestContentTypes: ['application/json'],
  requestRequired: true,
  responses: [success, response(400), response(401)],
};

/** Oracle-style: one `default` error response covers every 4xx and 5xx. */
const withDefault: OperationContract = {
  ...refresh,
  responses: [success, { ...response(400), status: 'default' }],
};

const SPRING_415 =
  '{"timestamp":"2025-01-01T00:00:00.000+00:00","status":415,"error":"Unsupported Media Type","path":"/refresh"}';

function exchange(
  operation: OperationContract,
  status: number,
  text: string,
  contentType = 'application/json',
): Exchange {
  return {
    operation,
    request: { method: 'POST', url: 'http://127.0.0.1/refresh', headers: {} },
    response: {
      status,
      headers: new Headers({ 'content-type': contentType }),
      setCookies: [],
      text,
      bytes: text.length,
    },
    json: parseJson(text),
  };
}

const run = (check: { run: typeof frameworkStatus.run }, e: Exchange) => check.run(e, { sentSecrets: [] });

t.test(
  'an undocumented 405/406/411/413/414/415/431 is a framework answer; a documented one is not',
  async (t) => {
    for (const status of [405, 406, 411, 413, 414, 415, 431])
      t.ok(isFrameworkAnswer(refresh, status), `${status}`);
    for (const status of [400, 404, 409, 418, 500]) t.notOk(isFrameworkAnswer(refresh, status), `${status}`);
    t.notOk(
      isFrameworkAnswer({ ...refresh, responses: [...refresh.responses, response(415)] }, 415),
      'listed by code',
    );
    t.ok(isFrameworkAnswer(withDefault, 415), 'a default response does not list 415 by its code');
  },
);

t.test(
  'framework_status notes the undocumented status; status_code_conformance leaves it alone',
  async (t) => {
    const e = exchange(refresh, 415, SPRING_415);
    t.match(run(frameworkStatus, e), [
      {
        title: 'Undocumented framework status',
        message:
          /^Received: 415 \(Unsupported Media Type, RFC 9110 §15\.5\.16\) \/ Documented: 200, 400, 401/,
        actual: 415,
      },
    ]);
    t.same(run(statusCodeConformance, e), [], 'no must-level status failure');
    t.same(
      run(frameworkStatus, exchange(withDefault, 415, SPRING_415)),
      [],
      'a documented default covers the code',
    );
    t.same(
      run(frameworkStatus, exchange(refresh, 400, '{"error":{"code":"x"}}')),
      [],
      'a vendor status is not its business',
    );
    const { operation: _documented, ...undocumented } = e;
    t.same(run(frameworkStatus, undocumented), [], 'no operation, nothing to compare');
  },
);

t.test(
  'a framework body is judged against the documented error envelope, by framework_error_body only',
  async (t) => {
    for (const operation of [refresh, withDefault]) {
      const e = exchange(operation, 415, SPRING_415);
      t.match(run(frameworkErrorBody, e), [
        {
          title: 'Framework status answered outside the documented error envelope',
          message: /^Received: \/error must be object \/ Documented: the error body documented for /,
          path: '/error',
        },
      ]);
      t.same(run(responseSchemaConformance, e), [], 'the must-level schema check leaves it alone');
      t.same(
        run(frameworkErrorBody, exchange(operation, 405, '{"error":{"code":"methodNotAllowed"}}')),
        [],
        'in the envelope: fine',
      );
    }
    const page = exchange(refresh, 405, '<html>405</html>', 'text/html');
    t.match(run(frameworkErrorBody, page), [
      { message: /^Received: .* \/ Documented: the error body documented for 400, 401$/ },
    ]);
    t.same(run(contentTypeConformance, page), [], "its media type is not held to the vendor's either");
    const noErrors = { ...refresh, responses: [success] };
    t.same(
      run(frameworkErrorBody, exchange(noErrors, 405, 'x')),
      [],
      'no documented error body, nothing to hold it to',
    );
  },
);

t.test('must stays where it was: a 2xx or 5xx is no framework answer', async (t) => {
  t.match(run(statusCodeConformance, exchange(refresh, 202, '{}')), [
    { title: 'Undocumented HTTP status code' },
  ]);
  t.match(run(notAServerError, exchange(refresh, 503, '')), [{ title: 'Server error' }]);
  t.match(run(responseSchemaConformance, exchange(refresh, 400, SPRING_415)), [
    { title: 'Response violates the documented schema' },
  ]);
});

t.test('both framework checks are used at should', async (t) => {
  const severity = (name: string) => CHECKS.find((c) => c.check.name === name)?.severity;
  t.equal(severity('framework_status'), 'should');
  t.equal(severity('framework_error_body'), 'should');
  t.equal(severity('status_code_conformance'), 'must');
  t.equal(severity('response_schema_conformance'), 'must');
});
