import { Hono } from 'hono';
import { AdminError } from './admin-error.js';
import type { MockControl } from './control.js';

/**
 * `/__admin/namespaces`, outside any namespace: the namespaces' worlds this process holds, and dropping
 * one (all its sessions, users, rules, clock, quirks and journal). Inside a namespace it is refused: a
 * CI job sees its own world only and must not end another's.
 */
export function namespacesResource({ namespace, namespaces }: MockControl): Hono {
  const app = new Hono();
  if (namespace !== undefined) {
    return app.all('*', () => {
      throw new AdminError(
        404,
        'TOKENRIG_NOT_IN_NAMESPACE',
        `/__admin/namespaces is served outside any namespace; this request is in ${JSON.stringify(namespace)} (send it without the Tokenrig-Namespace header and /__ns/ prefix)`,
      );
    });
  }
  const gone = (name: string) =>
    new AdminError(404, 'TOKENRIG_NO_SUCH_NAMESPACE', `no namespace ${JSON.stringify(name)} on this mock`);
  return app
    .get('/', async (c) =>
      c.json({
        max: namespaces.max,
        namespaces: await Promise.all(
          namespaces.list().map(async ({ name, world, createdAt, lastUsedAt }) => ({
            name,
            createdAt: new Date(createdAt).toISOString(),
            lastUsedAt: new Date(lastUsedAt).toISOString(),
            requests: world.journal.total,
            sessions: await world.services.sessions.size(),
            clockOffsetSeconds: world.services.clock.offsetSeconds(),
          })),
        ),
      }),
    )
    .delete('/:name', (c) => {
      const name = c.req.param('name');
      if (!namespaces.delete(name)) throw gone(name);
      return c.body(null, 204);
    })
    .delete('/', (c) => {
      for (const { name } of namespaces.list()) namespaces.delete(name);
      return c.body(null, 204);
    });
}
