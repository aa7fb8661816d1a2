import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createMockApp, type MockApp, type MockAppOptions } from './app.js';

export interface MockServerOptions extends MockAppOptions {
  port?: number;
  host?: string;
}

export interface RunningMock {
  readonly mock: MockApp;
  /** Base URL, e.g. `http://127.0.0.1:4010` (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and ends open ones; resolves once the server is closed. */
  close(): Promise<void>;
}

/** The server could not listen (port in use, no permission, bad host): a usage problem, not a crash. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Starts the mock on a real socket; `port: 0` picks a free one (tests, the runner's embedded target). */
export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMock> {
  const { port = 4010, host = '127.0.0.1', ...appOptions } = options;
  const mock = createMockApp(appOptions);
  const server = createAdaptorServer({ fetch: mock.app.fetch });
  // Slow or stalled clients must not hold sockets forever (Node's default request timeout is 5 min).
  if ('requestTimeout' in server) {
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    server.keepAliveTimeout = 5_000;
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; stop the other process or pick another with --port`
          : error.code === 'EACCES'
            ? `no permission to listen on ${host}:${port}; use a port above 1023`
            : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new ListenError(hint, error.code));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    mock,
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        // Requests still in flight (a long Prefer: delay) get a moment, then their sockets are ended.
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, 2000);
        force.unref();
      }),
  };
}
