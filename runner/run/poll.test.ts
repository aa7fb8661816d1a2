import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { announcement, sendPolling } from './poll.js';

const session = () => ({ vars: new Map<string, unknown>([['user', 'ann']]), secrets: new Set<string>() });
const uuid = () => 'u';

t.test('polls while the status says pending, announcing once, until the answer changes', async (t) => {
  let calls = 0;
  const server = createServer((_req, res) => {
    calls++;
    if (calls < 3) res.writeHead(428, { 'content-type': 'application/json' }).end('{"user_code":"ABCD"}');
    else res.writeHead(200).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  // Listening on TCP, so address() is an AddressInfo (a string only for a pipe).
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  const said: string[] = [];
  const context = {
    http: { timeoutMs: 2000, maxBodyBytes: 1024 },
    uuid,
    events: { announce: (text: string) => said.push(text) },
  };
  const step = {
    name: 'wait',
    poll: { whileStatus: [428], intervalMs: 1, timeoutMs: 5000, announce: '{{user}}: enter {{user_code}}' },
  };
  const outcome = await sendPolling(context, { method: 'POST', url, headers: {} }, step, session());
  t.equal(outcome.ok && outcome.response.status, 200);
  t.equal(calls, 3);
  t.same(said, ['ann: enter ABCD'], 'announced once, from the session and the pending answer');

  calls = -1_000_000; // pending for ever: the step's time runs out and the pending answer is the outcome
  const short = { name: 'wait', poll: { whileStatus: [428], intervalMs: 5, timeoutMs: 30 } };
  const late = await sendPolling(context, { method: 'POST', url, headers: {} }, short, session());
  t.equal(late.ok && late.response.status, 428);

  const once = await sendPolling(context, { method: 'POST', url, headers: {} }, { name: 'plain' }, session());
  t.equal(once.ok && once.response.status, 428, 'no poll: one request');
});

t.test('an announcement naming a field the answer lacks is shown as written', async (t) => {
  t.equal(announcement('go to {{verification_uri}}', '{}', session(), uuid), 'go to {{verification_uri}}');
  t.equal(announcement('{{user}}', 'not json', session(), uuid), 'ann');
});
