import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError } from '@hono/node-server';
import { createMockApp, type MockApp, type MockAppOptions } from './app.js';
import {
  createClientErrorHandler,
  createClientErrorResponder,
  type InFlight,
  operationMatcher,
  requestLine,
} from './core/client-error.js';
import type { StoreTarget } from './core/redis-connection.js';
import { joinStore } from './store.js';

export interface MockServerOptions extends Omit<MockAppOptions, 'store'> {
  /** Where state lives (`--store`, mocks/core/redis-connection.ts parses it): memory by default. */
  store?: StoreTarget;
  /** Receives the store's lines (Redis lost, Redis back). */
  storeLog?: (line: string) => void;
  port?: number;
  host?: string;
  /** How long a client may take to send the request headers; a slow or stalled one is cut off. */
  headersTimeoutMs?: number;
  /** How long a client may take to send the whole request, body included. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept open. */
  keepAliveTimeoutMs?: number;
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

/**
 * Pending connections the kernel may queue: a load test opening thousands at once must not see its SYNs
 * dropped (Node's default is 511; the kernel caps it at net.core.somaxconn).
 */
const BACKLOG = 4096;

/**
 * The request each connection is serving: an answered one counts as none. Checked when read instead of
 * forgotten on each response's `finish`, which cost a listener per request.
 */
class InFlightRequests extends WeakMap<Duplex, InFlight> {
  override get(socket: Duplex): InFlight | undefined {
    const entry = super.get(socket);
    // writableFinished turns true just before `finish` is emitted.
    return entry?.response.writableFinished ? undefined : entry;
  }
}

/** Starts the mock on a real socket; `port: 0` picks a free one (tests, the runner's embedded target). */
export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMock> {
  const {
    port = 4010,
    host = '127.0.0.1',
    // Slow or stalled clients must not hold sockets forever (Node's default request timeout is 5 min).
    headersTimeoutMs = 10_000,
    requestTimeoutMs = 30_000,
    keepAliveTimeoutMs = 5_000,
    store: target,
    storeLog,
    ...appOptions
  } = options;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(`headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs`);
  }
  // With a shared store the process joins the mock already using it (its seed) before anything else.
  const joined =
    target?.kind === 'redis'
      ? await joinStore(target, {
          ...(appOptions.seed === undefined ? {} : { seed: appOptions.seed }),
          ...(storeLog ? { log: storeLog } : {}),
        })
      : undefined;
  let mock: MockApp;
  try {
    mock = createMockApp(
      joined
        ? {
            ...appOptions,
            seed: joined.seed,
            store: { scripts: joined.connection.scripts, stream: joined.stream },
          }
        : appOptions,
    );
    // The run-time state of the mock already there (or this one's, published as the first).
    await mock.sync?.pull();
  } catch (error) {
    await joined?.connection.close();
    throw error;
  }
  const logError = mock.services.logError;
  let origin = '';
  const respond = createClientErrorResponder({
    fetch: (request, env) => mock.app.fetch(request, env),
    isOperation: operationMatcher(mock.contracts.values()),
    origin: () => origin,
  });
  const inFlight = new InFlightRequests();
  // The request being handed to the adapter, for its errorHandler, which it calls synchronously.
  let handing: IncomingMessage | undefined;
  const listener = getRequestListener(mock.app.fetch, {
    // The adapter answers a Host or target it cannot make a URL of (missing Host, a backslash in the
    // path) with a bare 400; the profile's envelope is wanted there too.
    errorHandler: async (error) => {
      const request = handing;
      if (!(error instanceof RequestError)) {
        logError(error);
        return new Response(null, { status: 500 });
      }
      const line = request && requestLine(request.method ?? 'GET', request.url ?? '/');
      const answer = await respond('malformed', line);
      // The request was never read: the connection is not reused (see the body limit in profile.ts).
      const headers = new Headers(answer.headers);
      headers.set('Connection', 'close');
      return new Response(answer.body, { status: answer.status, headers });
    },
  });
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // Node checks the two timeouts on this interval (30 s by default), which would make them coarse.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
      // Node would answer a missing Host itself, with a bare 400; the adapter's errorHandler answers it.
      requireHostHeader: false,
    },
    (request, response) => {
      // Remembered per connection (weakly) so a body that stalls can still be answered for its profile.
      inFlight.set(request.socket, { request, response });
      handing = request;
      try {
        void listener(request, response);
      } finally {
        handing = undefined;
      }
    },
  );
  server.on('clientError', createClientErrorHandler({ respond, inFlight, logError }));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; stop the other process or pick another with --port`
          : error.code === 'EACCES'
            ? `no permission to listen on ${host}:${port}; use a port above 1023`
            : `cannot listen on ${host}:${port}: ${error.message}`;
      void joined?.connection.close();
      reject(new ListenError(hint, error.code));
    };
    server.once('error', onError);
    server.listen({ port, host, backlog: BACKLOG }, () => {
      server.off('error', onError);
      // Once listening, an error (EMFILE on accept when file descriptors run out) is reported, not fatal:
      // without a listener, Node would throw it and end the process.
      server.on('error', logError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;
  return {
    mock,
    url: origin,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        // Live feeds (/__admin/requests/stream) end now rather than hold the close for the grace below.
        mock.journal.endSubscriptions();
        server.close(() => {
          if (joined) joined.connection.close().then(resolve, resolve);
          else resolve();
        });
        server.closeIdleConnections();
        // Requests still in flight (a long Prefer: delay) get a moment, then their sockets are ended.
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        force.unref();
      }),
  };
}
