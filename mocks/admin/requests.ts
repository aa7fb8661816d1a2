import { Hono } from 'hono';
import { redactHeaders } from '../core/redact.js';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';

/** `/__admin/requests`: the journal of recent requests, newest first, headers redacted unless asked for. */
export function requestsResource({ journal }: MockControl, { showSecrets }: AdminOptions): Hono {
  return new Hono()
    .get('/', (c) => {
      const limitParam = c.req.query('limit');
      const limit = limitParam === undefined ? journal.capacity : Number(limitParam);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'limit must be a non-negative integer');
      }
      const profile = c.req.query('profile');
      const entries = journal.entries().filter((e) => profile === undefined || e.profile === profile);
      const requests = entries
        .slice(0, limit)
        .map((e) => ({ ...e, requestHeaders: redactHeaders(e.requestHeaders, showSecrets) }));
      return c.json({ total: journal.total, capacity: journal.capacity, requests });
    })
    .delete('/', (c) => {
      journal.clear();
      return c.body(null, 204);
    });
}
