import type { Check } from './check.js';

/** Traces of the common server stacks: JVM, Node.js, Python, .NET, PHP, Go. */
const STACK_TRACE = [
  /\n\s+at [\w$.<>]+\([\w$.]+\.java:\d+\)/,
  /\bat [\w$.<>]+ \(\/?[^()\s]+:\d+:\d+\)/,
  /Traceback \(most recent call last\)/,
  /File "[^"]+", line \d+, in /,
  /\bat [\w.]+\(.*\) in [^:]+:line \d+/,
  /Stack trace:\s*\n#0 /,
  /goroutine \d+ \[running\]/,
];

/** Error bodies must not expose internals (OWASP: improper error handling). */
export const noStackTrace: Check = {
  name: 'no_stack_trace',
  run: ({ response }) => {
    const pattern = STACK_TRACE.find((p) => p.test(response.text));
    return pattern
      ? [
          {
            title: 'Stack trace in response',
            message: `Received: a body matching ${pattern} / Expected: no stack trace`,
            actual: response.text.slice(0, 300),
          },
        ]
      : [];
  },
};
