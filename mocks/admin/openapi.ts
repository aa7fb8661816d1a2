import { Hono } from 'hono';
import { isProfileId } from '../../schemas/load.js';
import { AdminError } from './admin-error.js';
import type { MockControl } from './control.js';

/** `GET /__admin/openapi/<profile>.json`: the mounted profile's bundled OpenAPI document. */
export function openapiResource({ profiles, contracts, services }: MockControl): Hono {
  return new Hono().get('/:file', (c) => {
    const file = c.req.param('file');
    const id = file.replace(/\.json$/, '');
    const contract = isProfileId(id) && profiles.includes(id) ? contracts.get(id) : undefined;
    if (!contract || !file.endsWith('.json')) {
      throw new AdminError(
        404,
        'TOKENRIG_NO_SUCH_PROFILE',
        `no mounted profile ${id}; mounted: ${profiles.join(', ')}`,
      );
    }
    // Point "Try it out" and code generators at this very mock, whatever port it runs on, and in a
    // namespace at its path prefix (the generated client will not send the header).
    const url = `${new URL(c.req.url).origin}${services.basePath}`;
    return c.json({ ...contract.bundled, servers: [{ url }] });
  });
}
