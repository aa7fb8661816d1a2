import { connect } from 'node:net';
import type { Reply } from './mock.js';

/** Raw HTTP/1.1 over a socket, for requests no client library would send: half-sent, oversized, malformed. */

export interface RawReply extends Reply {
  /** The server closed the connection (FIN or reset) after answering. */
  readonly closed: boolean;
  readonly elapsedMs: number;
}

/**
 * Writes raw bytes on a fresh connection and reads until the server closes it (or `timeoutMs`); the
 * answer is parsed as one HTTP/1.1 response. `pace` spaces the chunks, for slow or streaming clients.
 */
export function rawExchange(
  port: number,
  chunks: readonly (string | Buffer)[],
  { timeoutMs = 5000, paceMs = 0 } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let closed = false;
    let writing = true;
    const finish = () => {
      writing = false;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(received)), closed, elapsedMs: performance.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => received.push(chunk));
    // A reset after the answer (the server stops reading an oversized request) still counts as closed.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    void (async () => {
      for (const chunk of chunks) {
        if (!writing || socket.destroyed) return;
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r).once('close', r));
        if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
      }
    })();
  });
}

function parseResponse(raw: Buffer): Reply {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: new Headers(), text: raw.toString('latin1'), json: undefined };
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = raw.subarray(split + 4);
  if (headers.get('transfer-encoding') === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const eol = body.indexOf('\r\n', at);
      const size = Number.parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}

export function request(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries({ host: '127.0.0.1', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`;
}
