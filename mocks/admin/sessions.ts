import { Hono } from 'hono';
import { REDACTED } from '../core/redact.js';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';

/** `/__admin/sessions`: every profile's live logins, tokens redacted unless asked for; revocable. */
export function sessionsResource(
  { services: { sessions } }: MockControl,
  { showSecrets }: AdminOptions,
): Hono {
  return new Hono()
    .get('/', async (c) =>
      c.json(
        (await sessions.list()).map((s) => ({
          id: s.id,
          profile: s.profile,
          username: s.username,
          createdAt: new Date(s.createdAt).toISOString(),
          expiresAt: new Date(s.expiresAt).toISOString(),
          revoked: s.revokedAt !== undefined,
          ...(s.revokedReason ? { revokedReason: s.revokedReason } : {}),
          refreshTokens: showSecrets ? s.refreshTokens : s.refreshTokens.map(() => REDACTED),
        })),
      ),
    )
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      if (!(await sessions.get(id)))
        throw new AdminError(404, 'TOKENRIG_NO_SUCH_SESSION', `no session ${id}`);
      await sessions.revoke(id, 'admin');
      return c.body(null, 204);
    });
}
