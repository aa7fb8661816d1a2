import t from 'tap';
import { curlLine } from './curl.js';
import { Redactor } from './redact.js';

t.test('a pasteable curl line with secrets redacted', (t) => {
  const r = new Redactor(true);
  r.add('tok-12345678');
  const line = curlLine(
    {
      method: 'PUT',
      url: 'http://127.0.0.1:4010/api/v2/auth/token',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer tok-12345678',
        cookie: 'a=1; refresh_token=tok-12345678',
      },
      body: `{"token":"tok-12345678","note":"it's"}`,
    },
    r,
  );
  t.equal(
    line,
    `curl -sS -i -X PUT 'http://127.0.0.1:4010/api/v2/auth/token' -H 'content-type: application/json' -H 'authorization: Bearer [redacted]' -H 'cookie: a=[redacted]; refresh_token=[redacted]' --data-raw '{"token":"[redacted]","note":"it'\\''s"}'`,
  );
  t.notMatch(line, /tok-12345678/);
  const shown = curlLine(
    { method: 'GET', url: 'http://x/', headers: { authorization: 'Bearer tok-12345678' } },
    new Redactor(false),
  );
  t.match(shown, /Bearer tok-12345678/, 'shown with --show-secrets');
  t.end();
});
