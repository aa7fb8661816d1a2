import { Hono } from 'hono';
import type { MockControl } from './control.js';

/** `POST /__admin/reset`: back to the state at start-up. */
export function resetResource(control: MockControl): Hono {
  return new Hono().post('/', async (c) => {
    await control.reset();
    return c.body(null, 204);
  });
}
