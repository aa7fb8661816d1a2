import t from 'tap';
import { type Exchange, parseJson } from './check.js';
import { noStackTrace } from './no-stack-trace.js';

function exchange(text: string, status = 500): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/x', headers: {} },
    response: { status, headers: new Headers(), setCookies: [], text, bytes: text.length },
    json: parseJson(text),
  };
}
const findings = (text: string) => noStackTrace.run(exchange(text), { sentSecrets: [] });

/** One trace as each stack prints it (shortened), as a server's log or a debug page would show it. */
const TRACES: readonly [string, string][] = [
  [
    'JVM',
    'java.lang.IllegalStateException: boom\n\tat com.example.auth.TokenService.refresh(TokenService.java:42)\n\tat com.example.auth.AuthController.refresh(AuthController.java:17)',
  ],
  [
    'JVM',
    'Caused by: io.jsonwebtoken.MalformedJwtException: JWT strings must contain exactly 2 period characters',
  ],
  ['JVM', 'org.springframework.web.Foo: x\n\t... 87 more'],
  ['JVM', 'kotlin.KotlinNullPointerException\n    at app.TokenKt.refresh(Token.kt:9)'],
  [
    'Node.js',
    "TypeError: Cannot read properties of undefined (reading 'id')\n    at refresh (/srv/app/src/auth.js:27:19)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  ],
  [
    'Node.js',
    'Error: boom\n    at async Promise.all (index 0)\n    at Object.<anonymous> (file:///srv/app/index.mjs:3:9)',
  ],
  [
    'Python',
    'Traceback (most recent call last):\n  File "/app/main.py", line 12, in refresh\n    raise ValueError("boom")\nValueError: boom',
  ],
  ['Python', '  File "/usr/lib/python3/site-packages/fastapi/routing.py", line 301, in app'],
  [
    '.NET',
    'System.NullReferenceException: Object reference not set to an instance of an object.\n   at Api.Controllers.TokenController.Refresh(String token) in C:\\src\\Api\\Controllers\\TokenController.cs:line 42',
  ],
  [
    '.NET',
    'System.InvalidOperationException: boom\n   at Api.Services.TokenService.Refresh(String token)\n   at Api.Controllers.TokenController.Refresh(RefreshRequest request)',
  ],
  ['.NET', 'System.Exception: x\n--- End of stack trace from previous location ---'],
  [
    'PHP',
    'PHP Fatal error:  Uncaught Exception: boom in /var/www/html/refresh.php:12\nStack trace:\n#0 /var/www/html/index.php(5): refresh()\n#1 {main}',
  ],
  ['PHP', 'Warning: Undefined variable $token in /var/www/html/refresh.php on line 12'],
  [
    'Go',
    'panic: runtime error: invalid memory address or nil pointer dereference\n\ngoroutine 1 [running]:\nmain.refresh(...)\n\t/app/main.go:12 +0x1d',
  ],
  [
    'Ruby',
    "NoMethodError (undefined method `id' for nil):\napp/controllers/tokens_controller.rb:12:in `refresh'\nactionpack (7.1.0) lib/abstract_controller/base.rb:224:in `process_action'",
  ],
];

t.test('each stack is found in a raw body', async (t) => {
  for (const [stack, trace] of TRACES) {
    t.match(
      findings(trace),
      [
        {
          title: 'Stack trace in response',
          message: new RegExp(`^Received: a ${stack.replace('.', '\\.')} stack trace \\(`),
        },
      ],
      `${stack}: ${trace.slice(0, 40)}`,
    );
  }
});

t.test('each stack is found inside a JSON string member, its newlines and tabs escaped', async (t) => {
  for (const [stack, trace] of TRACES) {
    const body = JSON.stringify({ status: '500', message: trace, errorCode: '28327' });
    t.notMatch(body, /\n/, 'the escaped body holds no newline');
    t.match(
      findings(body),
      [{ message: new RegExp(`^Received: a ${stack.replace('.', '\\.')} stack trace`) }],
      `${stack} escaped`,
    );
  }
  t.match(
    findings('{"message": "boom\\n\\tat com.x.Foo.bar(Foo.java:42)"}'),
    [{ message: /a JVM stack trace .*com\.x\.Foo\.bar\(Foo\.java:42\)/ }],
    "the issue's own example",
  );
  t.match(
    findings(
      '{"detail":"Internal error","trace":["com.x.Foo.bar(Foo.java:42)","com.x.Foo.baz(Foo.java:7)"]}',
    ),
    [{ message: /JVM/ }],
    'frames listed as strings, without "at"',
  );
  t.match(
    findings(JSON.stringify({ error: JSON.stringify({ stack: 'Error: x\n    at f (/a/b.js:1:2)' }) })),
    [{ message: /Node\.js stack trace inside an escaped string/ }],
    'a JSON document quoted inside a string member',
  );
  t.match(
    findings(
      '<html><body><pre>java.lang.RuntimeException<br>\tat com.x.A.b(A.java:1)<br></pre></body></html>',
    ),
    [{ message: /JVM/ }],
    'an HTML debug page',
  );
  t.match(
    findings('{"message":"boom\\n\\tat com.x.Foo.bar(Foo.java:42)'),
    [{ message: /JVM/ }],
    'a truncated body',
  );
});

t.test('ordinary messages are not traces', async (t) => {
  const ordinary = [
    'Password must be at least 8 characters',
    'The password must be at least 8 characters long and contain at least 1 digit.',
    'Please sign in again at https://app.example.com:8443/login.',
    'See https://docs.oracle.com/en/cloud/saas/cx-commerce/22d/ccdev/error-messages.html',
    'The token expired at 2024-01-01T00:00:00Z',
    'Invalid value at /content/0/token (line 1, column 14)',
    'Unexpected token } in JSON at position 12',
    'Expecting value: line 1 column 1 (char 0)',
    'Look at the logs (server.log) for details',
    'Error at com.example (see the documentation)',
    'File "config.yml" not found',
    'Device code expired',
    'Please provide a valid refresh token.',
    'Caused by: an expired session',
    'User demo does not exist.',
    'Refresh failed at step 2 of 3 (at least one token was rejected).',
  ];
  for (const message of ordinary) {
    t.same(findings(message), [], message);
    t.same(
      findings(JSON.stringify({ error: { code: 'x', message, target: 'refreshToken' } })),
      [],
      `${message} (JSON)`,
    );
  }
  t.same(
    findings(
      '{"timestamp":"2025-01-01T00:00:00.000+00:00","status":500,"error":"Internal Server Error","path":"/api/v1/authenticate/refresh"}',
    ),
    [],
    "Spring's default body carries no trace",
  );
  t.same(
    findings(
      '{"detail":[{"loc":["body","device_code"],"msg":"field required","type":"value_error.missing"}]}',
    ),
    [],
    "FastAPI's validation error",
  );
});

t.test("Express's default error page: the stack HTML-escaped, its indent kept as &nbsp;", async (t) => {
  // finalhandler's createHtmlDocument: escapeHtml(err.stack), "\n" → "<br>", two spaces → " &nbsp;".
  const page =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n' +
    '<pre>TypeError: Cannot read properties of undefined (reading &#39;sub&#39;)<br> &nbsp; &nbsp;at Object.refresh (/srv/app/routes/refresh.js:42:17)<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)</pre>\n</body>\n</html>\n';
  t.match(findings(page), [{ message: /Node\.js stack trace inside an escaped string/ }]);
  t.same(findings('<p>Fish &amp; chips at 5&nbsp;pm</p>'), [], 'entities alone are no trace');
});
