import { matchesAnyStatus } from '../suite/status.js';
import type { Assertion } from './assertion.js';

/** `status`: the response's code is one of the listed codes or classes. */
export const status: Assertion = {
  keyword: 'status',
  run({ response }, expect, { severity }) {
    if (!expect.status || matchesAnyStatus(expect.status, response.status)) return [];
    return [
      {
        check: 'assertion',
        title: 'Unexpected HTTP status',
        message: `Received: ${response.status} / Expected: ${expect.status.join(', ')}`,
        severity: expect.statusSeverity ?? severity,
        expected: expect.status,
        actual: response.status,
      },
    ];
  },
};

/**
 * `preferStatus`: a narrower code inside `status`, always at should. Judged only where `status` held:
 * a response that already failed `status` says nothing more by also missing this.
 */
export const preferStatus: Assertion = {
  keyword: 'preferStatus',
  run({ response }, expect) {
    const prefer = expect.preferStatus;
    if (!prefer || (expect.status && !matchesAnyStatus(expect.status, response.status))) return [];
    if (matchesAnyStatus(prefer, response.status)) return [];
    return [
      {
        check: 'assertion',
        title: 'Status differs from the expected one',
        message: `Received: ${response.status} / Expected (should): ${prefer.join(', ')}`,
        severity: 'should',
        expected: prefer,
        actual: response.status,
      },
    ];
  },
};
