import { Hono } from 'hono';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';
import { requestStream } from './request-stream.js';
import { shownRequest } from './shown-request.js';

/**
 * `/__admin/requests`: the journal of recent requests, newest first, credentials in headers and query
 * redacted unless asked for (schemas/journal.schema.json).
 */
export function requestsResource(control: MockControl, options: AdminOptions): Hono {
  const { journal } = control;
  return new Hono()
    .get('/stream', requestStream(control, options))
    .get('/', (c) => {
      const limitParam = c.req.query('limit');
      const limit = limitParam === undefined ? journal.capacity : Number(limitParam);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'limit must be a non-negative integer');
      }
      const profile = c.req.query('profile');
      const entries = journal.entries().filter((e) => profile === undefined || e.profile === profile);
      const requests = entries.slice(0, limit).map((e) => shownRequest(e, options.showSecrets));
      return c.json({ total: journal.total, capacity: journal.capacity, requests });
    })
    .delete('/', (c) => {
      journal.clear();
      return c.body(null, 204);
    });
}
