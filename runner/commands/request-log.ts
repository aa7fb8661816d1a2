/** The mock's per-request log: a line per request, written without costing a write per line. */
export interface RequestLog {
  /** Queues one line (a timestamp is put in front; the newline is added). */
  line(text: string): void;
  /** Writes whatever is queued now: before the process prints its last words or exits. */
  flush(): void;
}

/** What the log writes to: process.stdout, or a stand-in in tests. */
export interface LogDestination {
  write(chunk: string): boolean;
  /** Bytes the stream holds unwritten (only an asynchronous stdout ever holds any). */
  readonly writableLength: number;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface RequestLogOptions {
  readonly out?: LogDestination;
  /**
   * Bytes the destination may hold unwritten (stdout on a pipe is asynchronous on some systems and a
   * stalled reader would grow the mock's memory without bound); past this, lines are dropped.
   */
  readonly maxPendingBytes?: number;
  /** Told when lines start being dropped, and once if the destination fails (a closed pipe). */
  readonly warn?: (message: string) => void;
  /** The time put in front of each line; the wall clock by default. */
  readonly now?: () => number;
  /** When queued lines are written; after the current turn of the event loop by default. */
  readonly schedule?: (flush: () => void) => void;
}

/**
 * A write system call per line cost a VMware refresh 6–10 µs of its ~40 under load: console.log to a
 * file, terminal or pipe is synchronous on Linux. Lines are gathered and written once per turn of the
 * event loop, so under load one write carries every request that turn answered, and at rest a line
 * still appears at once. The write stays synchronous, so lines keep their order with the rest of stdout
 * and `flush` at shutdown needs no waiting. (sonic-boom, pino's writer, was measured here first: its
 * synchronous flush while an asynchronous write is in flight put the last lines before earlier ones.)
 */
export function createRequestLog({
  out = process.stdout,
  maxPendingBytes = 16 * 1024 * 1024,
  warn = (message) => process.stderr.write(`tokenrig mock: ${message}\n`),
  now = Date.now,
  schedule = (flush) => setImmediate(flush),
}: RequestLogOptions = {}): RequestLog {
  let queued: string[] = [];
  let scheduled = false;
  let dropping = false;
  let broken = false;
  // A closed pipe (`tokenrig mock | head`) must not take the mock down: the log stops, the mock serves on.
  out.on('error', (error) => {
    if (broken) return;
    broken = true;
    queued = [];
    warn(`request log stopped: ${error.code ?? error.message}`);
  });
  const flush = () => {
    scheduled = false;
    if (broken || queued.length === 0) return;
    const text = queued.join('');
    queued = [];
    if (out.writableLength > maxPendingBytes) {
      if (!dropping) warn('the request log is not keeping up; dropping lines until it does');
      dropping = true;
      return;
    }
    dropping = false;
    out.write(text);
  };
  // The timestamp of the millisecond is formatted once, not once per line: under load many share it.
  let stampedAt = Number.NaN;
  let stamp = '';
  return {
    line(text) {
      if (broken) return;
      const t = now();
      if (t !== stampedAt) {
        stampedAt = t;
        stamp = new Date(t).toISOString();
      }
      queued.push(`${stamp} ${text}\n`);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
