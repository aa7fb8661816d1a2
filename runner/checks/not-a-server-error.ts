import type { Check } from './check.js';

/** A conformance suite only sends client requests: a 5xx means the server failed on them. */
export const notAServerError: Check = {
  name: 'not_a_server_error',
  run: ({ response }) =>
    response.status >= 500
      ? [
          {
            title: 'Server error',
            message: `Received: ${response.status} / Expected: no 5xx — a client's request must not make the server fail`,
            expected: '< 500',
            actual: response.status,
          },
        ]
      : [],
};
