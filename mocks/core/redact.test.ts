import t from 'tap';
import { REDACTED, redactHeaders, redactQuery } from './redact.js';

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

t.test('credentials in a query string are redacted, the rest kept as received', (t) => {
  t.equal(redactQuery(''), '');
  t.equal(redactQuery('?x=1&__code=500'), '?x=1&__code=500', 'nothing secret: unchanged');
  t.equal(
    redactQuery('?code=BCDF-GHJK&state=s%20t&ACCESS_TOKEN=eyJ.a.b&refresh%5Ftoken=r1'),
    `?code=${REDACTED}&state=s%20t&ACCESS_TOKEN=${REDACTED}&refresh%5Ftoken=${REDACTED}`,
  );
  t.equal(redactQuery('?password=p&bad=%E0%A4%A'), `?password=${REDACTED}&bad=%E0%A4%A`);
  t.equal(redactQuery('?%ZZ=1'), '?%ZZ=1', 'a malformed name is kept');
  t.equal(redactQuery('?code=abc', true), '?code=abc', 'shown when asked');
  t.end();
});
