import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import { capture } from './capture.js';

t.test('captures from the body, a header and the last Set-Cookie of a name', async (t) => {
  const reply = exchange({
    status: 200,
    text: '{"tokens":{"refresh":"r1"}}',
    headers: { 'x-request-id': 'id-1' },
    setCookies: ['sid=old; Path=/', 'other=x', 'sid=new%20one; HttpOnly'],
  });
  const got = capture(
    { name: 's', capture: { refresh: '/tokens/refresh', rid: 'header:X-Request-Id', sid: 'cookie:sid' } },
    reply,
  );
  t.same(
    [...got.values],
    [
      ['refresh', 'r1'],
      ['rid', 'id-1'],
      ['sid', 'new one'],
    ],
  );
  t.same(got.missing, []);
});

t.test('a value the response lacks is a finding saying later steps need it', async (t) => {
  const got = capture(
    { name: 's', capture: { a: '/absent', b: 'header:x-none', c: 'cookie:none', d: '/x' } },
    exchange({ status: 401, text: 'not json' }),
  );
  t.same([...got.values], []);
  t.same(
    got.missing.map((m) => m.message),
    [
      'Cannot capture a from /absent (status 401); later steps need it',
      'Cannot capture b from header:x-none (status 401); later steps need it',
      'Cannot capture c from cookie:none (status 401); later steps need it',
      'Cannot capture d from /x (status 401); later steps need it',
    ],
  );
  t.match(got.missing[0], {
    check: 'capture',
    title: 'Expected value missing from the response',
    path: '/absent',
  });
});
