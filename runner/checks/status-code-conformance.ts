import { isDocumentedStatus } from '../../schemas/load.js';
import type { Check } from './check.js';

/** The status is one the vendor documents for the operation (a documented `default` covers 4xx/5xx). */
export const statusCodeConformance: Check = {
  name: 'status_code_conformance',
  run: ({ operation, response }) => {
    if (!operation || isDocumentedStatus(operation, response.status)) return [];
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
