import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import { cacheControlNoStore } from './cache-control-no-store.js';

const tokens = JSON.stringify({
  access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2ln',
  token_type: 'bearer',
});
const run = (status: number, text: string, headers: Record<string, string> = {}) =>
  cacheControlNoStore.run(exchange({ status, text, headers }), { sentSecrets: [] });

t.test('a token response with no-store passes, whatever else Cache-Control says', async (t) => {
  t.same(run(200, tokens, { 'cache-control': 'no-store' }), []);
  t.same(run(200, tokens, { 'cache-control': 'private, No-Store, max-age=0' }), []);
});

t.test('a token response without no-store fails, and says what it got', async (t) => {
  const [absent] = run(200, tokens);
  t.match(absent, { title: 'Token response without Cache-Control: no-store', actual: null });
  t.match(absent?.message, /Received: Cache-Control: \(absent\)/);
  const [cached] = run(200, tokens, { 'cache-control': 'max-age=3600' });
  t.match(cached, { actual: 'max-age=3600' });
  t.equal(
    run(200, tokens, { 'cache-control': 'no-store-ish' }).length,
    1,
    'no-store as a word, not a prefix',
  );
  t.equal(
    run(200, JSON.stringify('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2ln')).length,
    1,
    "VMware's bare JWT",
  );
  t.equal(
    run(200, JSON.stringify({ content: [{ token: 'x', refreshToken: 'y' }] })).length,
    1,
    'nested tokens',
  );
});

t.test('answers without tokens are not its concern', async (t) => {
  t.same(run(200, JSON.stringify({ success: true })), [], 'no token in the body');
  t.same(run(401, tokens), [], 'an error');
  t.same(run(204, ''), [], 'no body');
  t.same(run(200, JSON.stringify({ access_token: '' })), [], 'an empty token member');
});
