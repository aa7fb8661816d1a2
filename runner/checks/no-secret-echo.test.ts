import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import { noSecretEcho } from './no-secret-echo.js';

const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-refresh-token';
const run = (status: number, body: unknown, sentSecrets: string[] = [secret]) =>
  noSecretEcho.run(exchange({ status, text: JSON.stringify(body) }), { sentSecrets });

t.test('an error that repeats the submitted token fails', async (t) => {
  const [finding] = run(401, { error: { code: 'invalidJwtToken', message: `bad token ${secret}` } });
  t.match(finding, { title: 'Error response echoes a submitted secret', message: /1 submitted token/ });
  t.notMatch(finding?.message, secret, 'the finding itself does not repeat it');
  t.equal(
    run(200, { errorCode: 'AUTH_1002', errorMessage: secret }).length,
    1,
    'a floLIVE NAK with HTTP 200 is an error',
  );
});

t.test('errors without the secret, successes and short values pass', async (t) => {
  t.same(run(401, { error: { code: 'invalidJwtToken', message: 'Please provide a valid JWT token.' } }), []);
  t.same(run(200, { jwtToken: secret }), [], 'a success may carry the token back');
  t.same(run(200, { errorCode: '', content: [{ token: secret }] }), [], "floLIVE's ACK (empty errorCode)");
  t.same(run(401, { message: 'user demo refused' }, ['demo']), [], 'a short value occurs by chance');
});
