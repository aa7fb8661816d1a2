import { Hono } from 'hono';
import { REDACTED } from '../core/redact.js';
import type { User } from '../core/users.js';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';

/** The body of `POST /__admin/users`. */
export const USER_BODY = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
} as const;
const validateUser = lazily(USER_BODY);

/** `/__admin/users`: the accounts every profile logs in, passwords redacted unless asked for. */
export function usersResource(
  { services: { users, sessions } }: MockControl,
  { showSecrets }: AdminOptions,
): Hono {
  const view = (u: User) => ({
    id: u.id,
    username: u.username,
    password: showSecrets ? u.password : REDACTED,
    createdAt: new Date(u.createdAt).toISOString(),
  });
  return new Hono()
    .get('/', (c) => c.json(users.list().map(view)))
    .post('/', async (c) => {
      const { username, password } = await readBody(c, validateUser());
      return c.json(view(users.add(username, password)), 201);
    })
    .delete('/:username', async (c) => {
      const username = c.req.param('username');
      if (!users.delete(username)) throw new AdminError(404, 'TOKENRIG_NO_SUCH_USER', `no user ${username}`);
      // A deleted user's tokens stop working everywhere, as they would at the vendor.
      await sessions.revokeUser(username);
      return c.body(null, 204);
    });
}
