import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { accepts } from 'hono/accepts';
import { PACKAGE_ROOT } from '../../../schemas/package-root.js';
import { AdminError } from '../admin-error.js';

/** The page's files, served as they are: no build step between this folder and the browser. */
export const PAGE_DIR = join(PACKAGE_ROOT, 'mocks', 'admin', 'dashboard', 'page');

const ASSETS: Readonly<Record<string, string>> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * The page runs only its own script and style, talks only to this mock, and cannot be framed: whatever
 * a request journal holds (a header, a user name) is data the script renders as text, and this policy
 * is the second line should that ever slip.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  Vary: 'Accept',
} as const;

/** What `GET /__admin` answers a script (no `text/html` in its Accept): where things are. */
export const ADMIN_INDEX = {
  dashboard: '/__admin',
  health: '/__admin/health',
  clock: '/__admin/clock',
  users: '/__admin/users',
  sessions: '/__admin/sessions',
  faults: '/__admin/faults',
  quirks: '/__admin/quirks',
  requests: '/__admin/requests',
  requestStream: '/__admin/requests/stream',
  verify: '/__admin/verify',
  openapi: '/__admin/openapi/{profile}.json',
  reset: '/__admin/reset',
} as const;

/**
 * `GET /__admin` (and `/__admin/`): the dashboard for a browser, which asks for `text/html`; a script
 * (curl's `*\/*`, `application/json`) gets the admin API's index as JSON instead, so nothing that spoke
 * JSON to `/__admin` before meets HTML. `GET /__admin/assets/<file>`: the page's script and style.
 * Every other `/__admin/...` route stays JSON whatever the Accept header says.
 */
export function dashboardResource(): Hono {
  return new Hono().get('/', dashboardPage).get('/assets/:file', (c) => {
    const name = c.req.param('file');
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (type === undefined) throw new AdminError(404, 'TOKENRIG_NOT_FOUND', `no dashboard asset ${name}`);
    return c.body(pageFile(name), 200, {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      // The mock's own files change only with the package: revalidated, never stale after an upgrade.
      'Cache-Control': 'no-cache',
    });
  });
}

/**
 * The page or the index, by the Accept header. Exported for mocks/app.ts to route `/__admin/` too:
 * hono joins a mount path and a sub-app's `/` into the mount path itself, without the slash.
 */
export function dashboardPage(c: Context): Response {
  const type = accepts(c, {
    header: 'Accept',
    supports: ['application/json', 'text/html'],
    default: 'application/json',
  });
  if (type === 'text/html') return c.html(pageFile('index.html'), 200, PAGE_HEADERS);
  return c.json(ADMIN_INDEX, 200, { Vary: 'Accept' });
}

// Read on first use and kept: most mocks never serve the page, and none reads a file twice.
const files = new Map<string, string>();
function pageFile(name: string): string {
  let text = files.get(name);
  if (text === undefined) {
    text = readFileSync(join(PAGE_DIR, name), 'utf8');
    files.set(name, text);
  }
  return text;
}
