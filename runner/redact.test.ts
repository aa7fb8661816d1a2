import t from 'tap';
import { REDACTED, Redactor } from './redact.js';

t.test('known secrets, secret-named members and JWT-shaped strings are redacted', (t) => {
  const r = new Redactor(true);
  r.add('s3cret-password');
  r.add('3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90');
  r.add('no');
  t.equal(
    r.text('pw=s3cret-password id=3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90'),
    `pw=${REDACTED} id=${REDACTED}`,
  );
  t.equal(r.text('say no'), 'say no', 'values under 3 characters are not treated as secrets');
  t.equal(r.text('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'), `Bearer ${REDACTED}`);
  t.same(r.deep({ refreshToken: 'anything', nested: [{ access_token: 'x-y-z' }], message: 'ok' }), {
    refreshToken: REDACTED,
    nested: [{ access_token: REDACTED }],
    message: 'ok',
  });
  t.end();
});

t.test('--show-secrets turns redaction off', (t) => {
  const r = new Redactor(false);
  r.add('s3cret-password');
  t.equal(r.text('s3cret-password'), 's3cret-password');
  t.same(r.deep({ token: 'x' }), { token: 'x' });
  t.end();
});

t.test('a secret learnt after a redaction still goes before the shorter ones it contains', (t) => {
  const r = new Redactor(true);
  r.add('abc-short');
  r.add('zz-mid-length');
  t.equal(r.text('x abc-short'), `x ${REDACTED}`);
  // Learnt later, and contains an earlier secret: replaced whole, not as "[redacted]-tail".
  r.add('abc-short-and-then-some-more');
  r.add('q1');
  r.add('zz-mid-length');
  t.equal(
    r.text('abc-short-and-then-some-more / zz-mid-length / abc-short'),
    `${REDACTED} / ${REDACTED} / ${REDACTED}`,
  );
  t.end();
});

t.test('segments: the text cut into literals and the secrets in it, longest first, JWTs too', (t) => {
  const r = new Redactor(true);
  r.add('abc-secret');
  r.add('abc-secret-longer');
  t.same(r.segments('x=abc-secret-longer&y=abc-secret;z=eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln!'), [
    'x=',
    { secret: 'abc-secret-longer' },
    '&y=',
    { secret: 'abc-secret' },
    ';z=',
    { secret: 'eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln' },
    '!',
  ]);
  t.same(r.segments('nothing here'), ['nothing here']);
  t.same(r.segments(''), []);
  const joined = (s: ReturnType<Redactor['segments']>) =>
    s.map((p) => (typeof p === 'string' ? p : REDACTED)).join('');
  const text = 'a abc-secret b abc-secret-longer eyJx.eyJy.z';
  t.equal(joined(r.segments(text)), r.text(text), 'the same secrets as text() redacts');
  t.same(new Redactor(false).segments('abc-secret'), ['abc-secret'], 'nothing is secret with --show-secrets');
  t.end();
});
