import { isDocumentedStatus } from '../../schemas/load.js';
import type { Check } from './check.js';
import { isFrameworkAnswer } from './framework-status.js';

/**
 * The status is one the vendor documents for the operation (a documented `default` covers 4xx/5xx).
 * A framework status is a client error that conforms even where undocumented: framework_status notes it.
 */
export const statusCodeConformance: Check = {
  name: 'status_code_conformance',
  run: ({ operation, response }) => {
    const { status } = response;
    if (!operation || isDocumentedStatus(operation, status) || isFrameworkAnswer(operation, status))
      return [];
    const documented = operation.responses.map((r) => r.status);
    return [
      {
        title: 'Undocumented HTTP status code',
        message: `Received: ${response.status} / Documented: ${documented.join(', ')}`,
        expected: documented,
        actual: response.status,
      },
    ];
  },
};
