import type { Exchange } from '../checks/check.js';
import type { Failure, Severity } from '../model.js';
import type { Mutation } from './mutation.js';

/**
 * A generated request's own verdict, on top of the contract checks: an input the documentation makes
 * invalid must be refused with a client error — neither accepted nor redirected.
 */
export function negativeVerdict(
  mutation: Mutation,
  { response, json }: Exchange,
  severity: Severity,
): Omit<Failure, 'step' | 'curl'>[] {
  if (mutation.expect !== 'reject') return [];
  if (isAcceptance(response.status, json.ok ? json.value : undefined)) {
    return [
      {
        check: 'negative',
        title: 'Invalid request accepted',
        message: `Sent: ${mutation.id} / Received: ${response.status} / Documented: a client error`,
        severity,
        actual: response.status,
      },
    ];
  }
  if (response.status >= 300 && response.status < 400) {
    return [
      {
        check: 'negative',
        title: 'Invalid request answered with a redirect',
        message: `Sent: ${mutation.id} / Received: ${response.status}`,
        severity,
      },
    ];
  }
  return [];
}

/**
 * A response that accepts the request: a 2xx, unless its body is a floLIVE-style NAK (a non-empty
 * `errorCode`), which the vendor answers failures with whatever the HTTP status.
 */
export function isAcceptance(status: number, json: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  const code = json !== null && typeof json === 'object' && 'errorCode' in json ? json.errorCode : undefined;
  return !(typeof code === 'string' && code !== '');
}
