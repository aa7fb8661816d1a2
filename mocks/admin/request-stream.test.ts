import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { Hono } from 'hono';
import t, { type Test } from 'tap';
import { call, mockApp, SEED } from '../../test/helpers/mock.js';
import type { JournalEntry } from '../core/journal.js';
import { type RunningMock, startMockServer } from '../server.js';
import { requestStream } from './request-stream.js';

/** One server-sent event as a client parses it (the fields this feed uses). */
interface SentEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** Parses complete events out of a text buffer; what follows the last blank line stays for later. */
function parseEvents(buffer: string): { events: SentEvent[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: SentEvent[] = [];
  for (const block of blocks) {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line.startsWith('retry:')) continue;
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) events.push({ event, ...(id === undefined ? {} : { id }), data: data.join('\n') });
  }
  return { events, rest };
}

/** A real HTTP client on the feed: the events it has read, and a way to wait for more. */
class Feed {
  readonly events: SentEvent[] = [];
  ended = false;
  aborted = false;
  #buffer = '';
  #waiters: (() => void)[] = [];
  private constructor(
    readonly req: ClientRequest,
    readonly res: IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const { events, rest } = parseEvents(this.#buffer + chunk);
      this.#buffer = rest;
      this.events.push(...events);
      this.#wake();
    });
    res.on('end', () => {
      this.ended = true;
      this.#wake();
    });
    res.on('aborted', () => {
      this.aborted = true;
      this.#wake();
    });
    res.on('error', () => {});
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<Feed> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) =>
        resolve(new Feed(req, res)),
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** Resolves once `done()` holds, or rejects after a while with what was seen. */
  async until(what: string, done: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  requests(): JournalEntry[] {
    return this.events.filter((e) => e.event === 'request').map((e) => JSON.parse(e.data) as JournalEntry);
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

async function serve(t: Test, options: { showSecrets?: boolean } = {}): Promise<RunningMock> {
  const running = await startMockServer({ port: 0, seed: SEED, apis: ['vcf', 'flolive'], ...options });
  t.teardown(() => running.close());
  return running;
}

const login = (running: RunningMock, headers: Record<string, string> = {}) =>
  fetch(`${running.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  }).then((r) => r.text());

t.test(
  'a request to the mock arrives as one event, shaped and redacted as GET /__admin/requests',
  async (t) => {
    const running = await serve(t);
    const feed = await Feed.open(`${running.url}/__admin/requests/stream`);
    t.equal(feed.res.statusCode, 200);
    t.match(feed.res.headers['content-type'], /^text\/event-stream/);
    t.equal(feed.res.headers['cache-control'], 'no-store');
    t.teardown(() => feed.req.destroy());
    await feed.until('the subscription', () => running.mock.journal.listeners === 1);

    await login(running, { authorization: 'Basic ZGVtbzpkZW1v' });
    await feed.until('one request event', () => feed.requests().length === 1);
    const [sent] = feed.events;
    const listed = (await (await fetch(`${running.url}/__admin/requests`)).json()) as {
      requests: JournalEntry[];
    };
    t.equal(sent?.id, '1', 'the event id is the journal id');
    t.strictSame(feed.requests()[0], listed.requests[0], 'the same entry the journal lists');
    t.match(feed.requests()[0], {
      method: 'POST',
      path: '/v1/tokens',
      status: 200,
      profile: 'vcf',
      operation: 'login',
    });
    t.equal(feed.requests()[0]?.requestHeaders.authorization, 'Basic [redacted]', 'credentials redacted');
    t.notMatch(JSON.stringify(feed.events), /ZGVtbzpkZW1v/, 'the secret is nowhere in the feed');

    // The admin API's own requests are not journaled, so the feed does not echo its readers.
    await fetch(`${running.url}/__admin/health`);
    await login(running);
    await feed.until('the second request event', () => feed.requests().length === 2);
    t.same(
      feed.requests().map((r) => r.id),
      [1, 2],
    );
  },
);

t.test('--show-secrets shows them in the feed as in the journal', async (t) => {
  const running = await serve(t, { showSecrets: true });
  const feed = await Feed.open(`${running.url}/__admin/requests/stream`);
  t.teardown(() => feed.req.destroy());
  await feed.until('the subscription', () => running.mock.journal.listeners === 1);
  await login(running, { authorization: 'Basic ZGVtbzpkZW1v' });
  await feed.until('the request event', () => feed.requests().length === 1);
  t.equal(feed.requests()[0]?.requestHeaders.authorization, 'Basic ZGVtbzpkZW1v');
});

t.test('a client that goes away is unsubscribed: the journal has no listener left', async (t) => {
  const running = await serve(t);
  const feeds = await Promise.all([1, 2].map(() => Feed.open(`${running.url}/__admin/requests/stream`)));
  const [first, second] = feeds;
  if (!first || !second) throw new Error('two feeds were opened');
  t.teardown(() => second.req.destroy());
  await first.until('two subscriptions', () => running.mock.journal.listeners === 2);
  first.req.destroy();
  await first.until('the closed client to be unsubscribed', () => running.mock.journal.listeners === 1);
  t.equal(running.mock.journal.listeners, 1, 'only the closed one is gone');
  await login(running);
  await second.until('the event on the open feed', () => second.requests().length === 1);
  second.req.destroy();
  await second.until('no listener', () => running.mock.journal.listeners === 0);
  t.equal(running.mock.journal.listeners, 0);
});

t.test('Last-Event-ID or ?since= replays what the ring holds after it; a clear is an event', async (t) => {
  const running = await serve(t);
  for (let i = 0; i < 3; i++) await login(running);
  await fetch(`${running.url}/api/v2/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  const resumed = await Feed.open(`${running.url}/__admin/requests/stream`, { 'last-event-id': '1' });
  t.teardown(() => resumed.req.destroy());
  await resumed.until('the replay', () => resumed.requests().length === 3);
  t.same(
    resumed.requests().map((r) => r.id),
    [2, 3, 4],
    'oldest first, after the id given',
  );
  const filtered = await Feed.open(`${running.url}/__admin/requests/stream?since=0&profile=flolive`);
  t.teardown(() => filtered.req.destroy());
  await filtered.until('the filtered replay', () => filtered.requests().length === 1);
  t.same(
    filtered.requests().map((r) => r.profile),
    ['flolive'],
  );

  t.equal((await fetch(`${running.url}/__admin/requests`, { method: 'DELETE' })).status, 204);
  await resumed.until('the clear event', () => resumed.events.some((e) => e.event === 'clear'));
  // A reconnect after the clear, with an id from before it: told of the clear, then the new journal.
  await login(running);
  const late = await Feed.open(`${running.url}/__admin/requests/stream`, { 'last-event-id': '4' });
  t.teardown(() => late.req.destroy());
  await late.until('clear and replay', () => late.requests().length === 1);
  t.same(
    late.events.map((e) => e.event),
    ['clear', 'request'],
  );
  t.equal(late.requests()[0]?.id, 1);
});

t.test('a resume point that is not a journal id is a 400 in the admin envelope', async (t) => {
  const running = await serve(t);
  for (const bad of ['?since=-1', '?since=abc', '?since=1.5']) {
    const res = await fetch(`${running.url}/__admin/requests/stream${bad}`);
    t.equal(res.status, 400, bad);
    t.match(await res.json(), { error: { code: 'TOKENRIG_INVALID_REQUEST', message: /journal id/ } });
  }
  t.equal(running.mock.journal.listeners, 0, 'a refused feed never subscribed');
});

t.test('stopping the mock ends open feeds cleanly instead of cutting their connections', async (t) => {
  const running = await startMockServer({ port: 0, seed: SEED, apis: ['vcf'] });
  const feed = await Feed.open(`${running.url}/__admin/requests/stream`);
  await feed.until('the subscription', () => running.mock.journal.listeners === 1);
  await running.close();
  await feed.until('the end of the feed', () => feed.ended || feed.aborted);
  t.same({ ended: feed.ended, aborted: feed.aborted }, { ended: true, aborted: false });
  t.equal(running.mock.journal.listeners, 0);
});

t.test('a reader that stops reading has its feed ended once too much is queued for it', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const app = new Hono().get(
    '/stream',
    requestStream(mock, { showSecrets: false }, { maxQueuedBytes: 2000 }),
  );
  const res = await app.request('/stream');
  t.equal(mock.journal.listeners, 1);
  // Nothing reads the body while the mock answers requests: events queue up.
  for (let i = 0; i < 10; i++) {
    await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  }
  t.equal(mock.journal.listeners, 0, 'unsubscribed once the queue passed its bound');
  const text = await res.text();
  const { events } = parseEvents(text);
  t.ok(events.length >= 1 && events.length < 10, `ended after ${events.length} of 10 events`);
  t.same(
    events.map((e) => e.id),
    events.map((_, i) => String(i + 1)),
    'what was queued is still delivered, in order, for the reconnect to resume after',
  );
});
