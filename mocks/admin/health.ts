import { Hono } from 'hono';
import type { MockControl } from './control.js';

/**
 * `GET /__admin/health`: what is mounted, how long it has run, what its sessions are, everything in
 * force that a client would not meet at a vendor's documented defaults (settings, quirks and scenarios), and which
 * namespace answers (null: the mock's own world) among how many.
 */
export function healthResource({
  services,
  profiles,
  seed,
  journal,
  settings,
  namespace,
  namespaces,
}: MockControl): Hono {
  const startedAt = Date.now();
  return new Hono().get('/', async (c) => {
    const sessions = await services.sessions.counts();
    return c.json({
      status: 'ok',
      profiles,
      seed,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      // Live only: revoked and expired sessions are held a while, so that their tokens are refused for
      // the right reason, and are counted apart.
      sessions: sessions.live,
      revokedSessions: sessions.revoked,
      expiredSessions: sessions.expired,
      requests: journal.total,
      // Each setting that differs from its profile's default, with the flag that set it.
      settings,
      // What a client meets is documented behaviour unless this lists a vendor quirk.
      quirks: services.quirks.enabled(),
      namespace: namespace ?? null,
      namespaces: namespaces.size,
      maxNamespaces: namespaces.max,
      // And which situations (mocks/scenarios/) the mock is staging for the client.
      scenarios: services.scenarios.enabled(),
      // Where state lives: `redis` when every instance behind one address shares it (--store), and
      // this process, so a client behind a load balancer can tell which instance answered.
      store: services.shared ? 'redis' : 'memory',
      pid: process.pid,
    });
  });
}
