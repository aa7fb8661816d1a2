/**
 * What the CLI does when a reader of its output goes away: `tokenrig run | head -3` closes the pipe
 * after three lines, and the next write fails with EPIPE. Node.js ignores SIGPIPE and reports the
 * failure as an 'error' event on the stream, which nobody handles: the process would crash with a stack
 * trace and exit 1, the code CI reads as a conformance failure, before a single report is written.
 *
 * A closed stdout or stderr is the reader's choice, not a failure of the run: output to that stream
 * stops quietly, the run goes on, writes every report file and exits with the code it earned.
 */
const closed = new WeakSet<NodeJS.WritableStream>();
const watched = new WeakSet<NodeJS.WritableStream>();

/** Listens for the error a closed reader causes on each stream, once per stream. */
export function keepQuietWhenClosed(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    if (watched.has(stream)) continue;
    watched.add(stream);
    // Any error on stdout/stderr (EPIPE, EIO from a vanished terminal, a destroyed stream) means the
    // same to us: nobody reads that stream any more, and nothing else is worth saying about it.
    stream.on('error', () => {
      closed.add(stream);
    });
  }
}

/** Whether a stream's reader has gone (a write to it has failed). */
export function isClosed(stream: NodeJS.WritableStream): boolean {
  return closed.has(stream);
}

/** Writes unless the stream's reader has gone: no work is spent rendering into a closed pipe's buffer. */
export function writeIfOpen(stream: NodeJS.WritableStream, text: string): void {
  if (!closed.has(stream)) stream.write(text);
}
