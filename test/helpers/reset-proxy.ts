import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

export interface ResetProxy {
  readonly url: string;
  /** Requests the proxy cut, as `METHOD /path`. */
  readonly resets: string[];
}

/**
 * A loopback proxy in front of `upstream` that forwards every request byte for byte, except those
 * `cut` picks: their connection is reset (TCP RST) before any answer, as a flaky network or a
 * restarting load balancer does.
 */
export async function resetProxy(
  t: Test,
  upstream: string,
  cut: (req: IncomingMessage) => boolean,
): Promise<ResetProxy> {
  const resets: string[] = [];
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    if (cut(req)) {
      resets.push(`${req.method} ${req.url}`);
      req.socket.resetAndDestroy();
      return;
    }
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  // Listening on TCP, so address() is an AddressInfo (a string only for a pipe).
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, resets };
}
