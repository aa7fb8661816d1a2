import type { Context } from 'hono';
import type { JournalEntry } from '../core/journal.js';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';
import { shownRequest } from './shown-request.js';

export interface RequestStreamOptions {
  /** A comment line this often keeps proxies and idle-timeouts from closing a quiet feed. */
  readonly heartbeatMs?: number;
  /**
   * Bytes a reader may leave unread before its feed is ended: a stalled tab during a load test must not
   * grow the mock's memory. Its EventSource reconnects with Last-Event-ID and is replayed from the ring.
   */
  readonly maxQueuedBytes?: number;
}

/** How long a browser waits before reconnecting a feed that ended (the SSE `retry` field). */
const RETRY_MS = 1000;

/**
 * `GET /__admin/requests/stream`: the journal as server-sent events, one `request` event per entry as
 * it is recorded (the shape of `GET /__admin/requests`, redacted alike, the journal id as the event id),
 * a `clear` event when the journal is emptied. `Last-Event-ID` (sent by a reconnecting EventSource) or
 * `?since=<id>` first replays what the ring still holds after that id, oldest first; `?profile=<id>`
 * filters. The journal calls the feed only while it is connected (Journal.subscribe).
 */
export function requestStream(
  { journal }: MockControl,
  { showSecrets }: AdminOptions,
  { heartbeatMs = 15_000, maxQueuedBytes = 1 << 20 }: RequestStreamOptions = {},
): (c: Context) => Response {
  const encoder = new TextEncoder();
  const event = (e: JournalEntry) =>
    `event: request\nid: ${e.id}\ndata: ${JSON.stringify(shownRequest(e, showSecrets))}\n\n`;
  return (c) => {
    const profile = c.req.query('profile');
    const since = resumePoint(c.req.header('last-event-id') ?? c.req.query('since'));
    const wanted = (e: JournalEntry) => profile === undefined || e.profile === profile;
    let stop = () => {};
    let open = true;
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          const end = () => {
            if (!open) return;
            open = false;
            stop();
            controller.close();
          };
          const send = (text: string) => {
            if (!open) return;
            controller.enqueue(encoder.encode(text));
            if ((controller.desiredSize ?? 0) < 0) end();
          };
          send(`retry: ${RETRY_MS}\n: tokenrig request journal\n\n`);
          if (since !== undefined) {
            // Ids start again at 1 after a clear: a resume point beyond the total predates one.
            if (since > journal.total) send('event: clear\ndata: {}\n\n');
            const after = since > journal.total ? 0 : since;
            const missed = journal.entries().filter((e) => e.id > after && wanted(e));
            for (const e of missed.reverse()) send(event(e));
          }
          if (!open) return;
          const unsubscribe = journal.subscribe({
            record: (e) => {
              if (wanted(e)) send(event(e));
            },
            clear: () => send('event: clear\ndata: {}\n\n'),
            end,
          });
          const heartbeat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
          heartbeat.unref();
          stop = () => {
            unsubscribe();
            clearInterval(heartbeat);
          };
        },
        // The client went away (the server cancels the body when the connection closes).
        cancel() {
          open = false;
          stop();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: maxQueuedBytes }),
    );
    return c.body(body, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Reverse proxies (nginx) would otherwise hold the events back in their buffers.
      'X-Accel-Buffering': 'no',
      // The connection serves the feed alone: when the feed ends (the mock stops), so does it.
      Connection: 'close',
    });
  };
}

function resumePoint(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const id = Number(value);
  if (!Number.isInteger(id) || id < 0) {
    throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'since (or Last-Event-ID) must be a journal id');
  }
  return id;
}
