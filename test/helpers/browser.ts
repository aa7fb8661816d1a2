import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import type { Test } from 'tap';

/** Debian's Chromium package (`apt-get install chromium`): playwright-core drives it, it downloads none. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium could not start: the test fails with this message, it is never skipped. */
export class BrowserStartError extends Error {
  constructor(executablePath: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(
      `Chromium did not start from ${executablePath} (${reason}). The browser tests need Debian's ` +
        'Chromium: apt-get install chromium (.ci/run installs it).',
    );
    this.name = 'BrowserStartError';
  }
}

/**
 * Starts headless Chromium, closed when the test ends. Every flag keeps the run on loopback and
 * reproducible: no background fetches, no component or sync traffic, no QUIC. `localhost` is mapped to
 * 127.0.0.1, where the servers listen, so Chromium never tries ::1 first (RFC 6761 lets it resolve
 * `localhost` itself, whatever /etc/hosts says).
 */
export async function launchChromium(t: Test, executablePath = CHROMIUM_PATH): Promise<Browser> {
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      timeout: 30_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP localhost 127.0.0.1',
      ],
    });
  } catch (error) {
    throw new BrowserStartError(executablePath, error);
  }
  t.teardown(() => browser.close());
  return browser;
}

/** Serves the files of one folder (no listing, no sub-folders) on 127.0.0.1 and a free port. */
export async function serveFolder(t: Test, folder: URL, files: readonly string[]): Promise<number> {
  const types: Record<string, string> = { html: 'text/html', js: 'text/javascript' };
  const server = createServer(async (request, response) => {
    const name = new URL(request.url ?? '/', 'http://page').pathname.slice(1) || 'index.html';
    if (request.method !== 'GET' || !files.includes(name)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(new URL(name, folder));
    const type = types[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port; // a TCP server's address is always an AddressInfo
}

/** One request as Chromium's network stack saw it (header names lowercased). */
export interface SeenRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  status?: number;
  responseHeaders?: Readonly<Record<string, string>>;
  /** `Set-Cookie`s of the answer that the browser refused to store, with its reasons. */
  blockedCookies: { readonly name: string; readonly reasons: readonly string[] }[];
  /** Why the request failed (e.g. a CORS error), when it did. */
  failure?: { readonly error: string; readonly cors?: string };
  done: boolean;
}

/** A page's fetches, each with the CORS preflight sent for it (if any). */
export interface SeenFetch extends SeenRequest {
  preflight?: SeenRequest;
}

/**
 * Records a page's network traffic through the Chrome DevTools Protocol, which (unlike Playwright's
 * request events) reports CORS preflights, linked to the request they were sent for, and the cookies
 * the browser refused to store.
 */
export class NetworkLog {
  readonly #requests = new Map<string, SeenRequest>();
  readonly #fetches: string[] = [];
  /** preflight's request id → the id of the request it was sent for. */
  readonly #preflightOf = new Map<string, string>();

  private constructor(readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<NetworkLog> {
    const cdp = await page.context().newCDPSession(page);
    const log = new NetworkLog(cdp);
    cdp.on('Network.requestWillBeSent', (event) => {
      const seen = log.#request(event.requestId);
      Object.assign(seen, {
        method: event.request.method,
        url: event.request.url,
        requestHeaders: lowercase(event.request.headers),
      });
      if (event.initiator.type === 'preflight' && event.initiator.requestId !== undefined) {
        log.#preflightOf.set(event.requestId, event.initiator.requestId);
      } else if (event.type === 'Fetch') {
        log.#fetches.push(event.requestId);
      }
    });
    cdp.on('Network.responseReceived', (event) => {
      const seen = log.#request(event.requestId);
      seen.status = event.response.status;
      seen.responseHeaders = lowercase(event.response.headers);
    });
    cdp.on('Network.responseReceivedExtraInfo', (event) => {
      log
        .#request(event.requestId)
        .blockedCookies.push(
          ...event.blockedCookies.map((b) => ({ name: b.cookie?.name ?? '?', reasons: b.blockedReasons })),
        );
    });
    cdp.on('Network.loadingFinished', (event) => {
      log.#request(event.requestId).done = true;
    });
    cdp.on('Network.loadingFailed', (event) => {
      const seen = log.#request(event.requestId);
      seen.done = true;
      seen.failure = {
        error: event.errorText,
        ...(event.corsErrorStatus ? { cors: event.corsErrorStatus.corsError } : {}),
      };
    });
    await cdp.send('Network.enable');
    // Chromium caches a preflight's answer per URL (Access-Control-Max-Age); with the cache off, every
    // request that needs one sends its own, so each can be checked.
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    return log;
  }

  #request(id: string): SeenRequest {
    let seen = this.#requests.get(id);
    if (!seen) {
      seen = { id, method: '', url: '', requestHeaders: {}, blockedCookies: [], done: false };
      this.#requests.set(id, seen);
    }
    return seen;
  }

  /**
   * The page's fetches to `origin` so far, in the order it sent them, once each has finished or failed
   * (DevTools events may arrive after the page's own promise has settled).
   */
  async fetchesTo(origin: string, timeoutMs = 5_000): Promise<SeenFetch[]> {
    const deadline = Date.now() + timeoutMs;
    const pick = (): SeenFetch[] => {
      const preflights = new Map([...this.#preflightOf].map(([preflight, of]) => [of, preflight]));
      return this.#fetches
        .map((id) => this.#request(id))
        .filter((seen) => seen.url.startsWith(`${origin}/`))
        .map((seen) => {
          const preflight = preflights.get(seen.id);
          return preflight === undefined ? seen : { ...seen, preflight: this.#request(preflight) };
        });
    };
    let fetches = pick();
    while (!fetches.every((f) => f.done && (f.preflight?.done ?? true)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      fetches = pick();
    }
    return fetches;
  }
}

function lowercase(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
