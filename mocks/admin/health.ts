import { Hono } from 'hono';
import type { MockControl } from './control.js';

/** `GET /__admin/health`: what is mounted, how long it has run, and which quirks are on. */
export function healthResource({ services, profiles, seed, journal }: MockControl): Hono {
  const startedAt = Date.now();
  return new Hono().get('/', (c) =>
    c.json({
      status: 'ok',
      profiles,
      seed,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: services.sessions.size,
      requests: journal.total,
      // What a client meets is documented behaviour unless this lists a vendor quirk.
      quirks: services.quirks.enabled(),
    }),
  );
}
