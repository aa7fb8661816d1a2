import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import t from 'tap';
import { readCapped } from './read-capped.js';

function body(...chunks: string[]): IncomingMessage {
  const incoming = new IncomingMessage(new Socket());
  for (const chunk of chunks) incoming.push(Buffer.from(chunk));
  incoming.push(null);
  return incoming;
}

t.test('a body within the cap is read whole, across chunks and multi-byte characters', async (t) => {
  t.equal(await readCapped(body('{"a":', '"é"}'), 64), '{"a":"é"}');
  t.equal(await readCapped(body('12345'), 5), '12345', 'exactly the cap');
  t.equal(await readCapped(body(), 5), '', 'no body');
});

t.test('a longer body is refused without reading it all', async (t) => {
  const incoming = body('1234', '5678', '9');
  t.equal(await readCapped(incoming, 5), undefined);
  t.ok(incoming.isPaused(), 'the rest is left unread');
});
