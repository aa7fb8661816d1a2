import t from 'tap';
import { REDACTED, redactHeaders } from './redact.js';

t.test('credentials are redacted, everything else kept', (t) => {
  const headers = new Headers({
    authorization: 'Bearer eyJ.secret.sig',
    cookie: 'refresh_token=abc',
    'content-type': 'application/json',
    'x-api-key': 'k',
  });
  const out = redactHeaders(headers);
  t.equal(out.authorization, `Bearer ${REDACTED}`);
  t.equal(out.cookie, REDACTED);
  t.equal(out['x-api-key'], REDACTED);
  t.equal(out['content-type'], 'application/json');
  t.notMatch(JSON.stringify(out), /secret|abc/);
  t.equal(redactHeaders(new Headers({ authorization: 'opaque' })).authorization, REDACTED);
  t.equal(redactHeaders(headers, true).cookie, 'refresh_token=abc', 'shown when asked');
  t.end();
});
