import t from 'tap';
import { busyPort } from '../test/helpers/busy-port.js';
import { SEED } from '../test/helpers/mock.js';
import { ListenError, startMockServer } from './server.js';

const demo = JSON.stringify({ username: 'demo', password: 'demo' });
const json = { 'content-type': 'application/json' };

t.test('network faults need a real socket: reset, empty, malformed, delay', async (t) => {
  const running = await startMockServer({ port: 0, apis: ['kirjaswappi'], seed: SEED });
  t.teardown(() => running.close());
  const login = `${running.url}/api/v1/authenticate`;

  const reset = await fetch(login, {
    method: 'POST',
    headers: { ...json, prefer: 'fault=reset' },
    body: demo,
  }).then(
    () => 'answered',
    (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
  );
  t.equal(reset, 'ECONNRESET', 'fault=reset resets the connection');

  const empty = await fetch(`${login}?__fault=empty`, { method: 'POST', headers: json, body: demo }).then(
    () => 'answered',
    (error: Error & { cause?: { code?: string; message?: string } }) =>
      error.cause?.code ?? error.cause?.message,
  );
  t.match(empty, /UND_ERR_SOCKET|other side closed|ECONNRESET/, 'fault=empty closes without a response');

  const malformed = await fetch(login, {
    method: 'POST',
    headers: { ...json, prefer: 'fault=malformed' },
    body: demo,
  });
  t.equal(malformed.status, 200);
  t.match(malformed.headers.get('content-type'), /application\/json/);
  await t.rejects(malformed.json(), SyntaxError, 'the body is not valid JSON');

  const started = performance.now();
  const delayed = await fetch(login, {
    method: 'POST',
    headers: { ...json, prefer: 'delay=300' },
    body: demo,
  });
  t.equal(delayed.status, 200);
  t.ok(performance.now() - started >= 290, 'the answer waited for the delay');

  const journal = (await (await fetch(`${running.url}/__admin/requests`)).json()) as {
    requests: { fault?: string }[];
  };
  t.same(
    journal.requests.map((r) => r.fault ?? '-'),
    ['-', 'malformed', 'empty', 'reset'],
    'faults are recorded in the journal',
  );

  const after = await fetch(login, { method: 'POST', headers: json, body: demo });
  t.equal(after.status, 200, 'the server is still up after every fault');
});

t.test('a busy port is a ListenError with a hint, not a crash', async (t) => {
  const port = await busyPort(t);
  await t.rejects(startMockServer({ port, apis: ['vcf'] }), ListenError);
  await t.rejects(startMockServer({ port, apis: ['vcf'] }), {
    code: 'EADDRINUSE',
    message: /already in use.*--port/,
  });
});
