import t from 'tap';
import { tokenParameters } from './token-in-query.js';

t.test('the query parameters that carry a token, by name or by a JWS value, never their values', (t) => {
  t.strictSame(tokenParameters(''), []);
  t.strictSame(tokenParameters('?'), []);
  t.strictSame(tokenParameters('?page=2&sort=name'), []);
  t.strictSame(tokenParameters('?access_token=abc'), ['access_token'], 'RFC 6750 §2.3 name');
  t.strictSame(tokenParameters('?refreshToken=x&jwtToken=y'), ['refreshToken', 'jwtToken'], 'vendor names');
  t.strictSame(tokenParameters('?Access_Token=abc'), ['Access_Token'], 'names compared in lower case');
  t.strictSame(
    tokenParameters('?auth=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2ln'),
    ['auth'],
    'a JWS under any name',
  );
  t.strictSame(tokenParameters('?state=eyJ-not-a-jws'), [], 'a value that only starts like one');
  t.end();
});
