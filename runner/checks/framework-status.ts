import { isDocumentedStatus, type OperationContract } from '../../schemas/load.js';
import type { Check, Finding } from './check.js';

/**
 * Statuses HTTP frameworks (Spring, FastAPI, Express, Hono) answer before any vendor code runs: a wrong
 * method, media type or an oversized request. Each is a 4xx, so answering one is a client error as it
 * should be; only the code itself may be one the vendor never listed.
 */
export const FRAMEWORK_STATUSES: Readonly<Record<number, string>> = {
  405: 'Method Not Allowed, RFC 9110 §15.5.6',
  406: 'Not Acceptable, RFC 9110 §15.5.7',
  411: 'Length Required, RFC 9110 §15.5.12',
  413: 'Content Too Large, RFC 9110 §15.5.14',
  414: 'URI Too Long, RFC 9110 §15.5.15',
  415: 'Unsupported Media Type, RFC 9110 §15.5.16',
  431: 'Request Header Fields Too Large, RFC 6585 §5',
};

/**
 * A framework status the operation does not list by its own code: the framework answered, not the
 * vendor's handler. The documented status and schema checks leave such an answer to the two checks
 * below, which are used at `should`.
 */
export function isFrameworkAnswer(operation: OperationContract, status: number): boolean {
  return status in FRAMEWORK_STATUSES && !operation.responses.some((r) => r.status === status);
}

/** A framework status the vendor does not document (not even through a `default` response). */
export const frameworkStatus: Check = {
  name: 'framework_status',
  run: ({ operation, response }) => {
    const { status } = response;
    if (!operation || !isFrameworkAnswer(operation, status) || isDocumentedStatus(operation, status))
      return [];
    const documented = operation.responses.map((r) => r.status);
    return [
      {
        title: 'Undocumented framework status',
        message: `Received: ${status} (${FRAMEWORK_STATUSES[status]}) / Documented: ${documented.join(', ')} — a client error as it should be, from a framework rather than the vendor's handler`,
        expected: documented,
        actual: status,
      },
    ];
  },
};

/** The error responses a framework answer is measured against: the `default`, else the documented 4xx. */
function documentedErrors(operation: OperationContract) {
  const errors = operation.responses.filter(
    (r) => r.status === 'default' || (typeof r.status === 'number' && r.status >= 400 && r.status < 500),
  );
  return errors.flatMap((r) => (r.validate ? [{ status: r.status, validate: r.validate }] : []));
}

/** A framework's answer should still come in the vendor's error envelope; its own default body is a should. */
export const frameworkErrorBody: Check = {
  name: 'framework_error_body',
  judgesSchema: true,
  run: ({ operation, response, json }) => {
    if (!operation || !isFrameworkAnswer(operation, response.status)) return [];
    const errors = documentedErrors(operation);
    const [primary] = errors;
    if (!primary) return [];
    const documented = `the error body documented for ${errors.map((e) => e.status).join(', ')}`;
    if (!json.ok) {
      return [
        {
          title: 'Framework status answered outside the documented error envelope',
          message: `Received: ${json.error} / Documented: ${documented}`,
          actual: response.text.slice(0, 200),
        },
      ];
    }
    if (errors.some((e) => e.validate(json.value))) return [];
    primary.validate(json.value);
    const first = primary.validate.errors?.[0];
    const finding: Finding = {
      title: 'Framework status answered outside the documented error envelope',
      message: `Received: ${first ? `${first.instancePath || '(body)'} ${first.message ?? first.keyword}` : 'another body'} / Documented: ${documented}`,
      ...(first ? { path: first.instancePath, schemaPath: first.schemaPath } : {}),
      actual: json.value,
    };
    return [finding];
  },
};
