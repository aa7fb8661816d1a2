import { isDocumentedStatus, type OperationContract } from '../../schemas/load.js';
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
    const vendorListsClass = vendorListsStatusClass(operation, status);
    return [
      {
        title: 'Undocumented HTTP status code',
        message: `Received: ${response.status} / Documented: ${documented.join(', ')}${
          vendorListsClass
            ? ''
            : ` (the vendor documents no ${Math.floor(status / 100)}xx for this operation; those listed are tokenrig's assumption)`
        }`,
        expected: documented,
        actual: response.status,
        // Where the vendor lists no status of this class at all (VMware's revoke documents only 204),
        // the listed ones are tokenrig's choice, and another status of the class cannot fail at must.
        ...(vendorListsClass ? {} : { basis: 'assumed' as const }),
      },
    ];
  },
};

/** Whether the vendor itself (documented or reconstructed) lists a status of this class, or a default. */
function vendorListsStatusClass(operation: OperationContract, status: number): boolean {
  const cls = Math.floor(status / 100);
  return operation.responses.some(
    (r) =>
      (r.provenance === 'documented' || r.provenance === 'reconstructed') &&
      (r.status === 'default' ? cls >= 4 : Math.floor(r.status / 100) === cls),
  );
}
