import { Hono } from 'hono';
import { QuirkError } from '../core/quirks.js';
import { AdminError } from './admin-error.js';
import type { MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';

/** The body of `POST /__admin/quirks`. */
export const QUIRK_SWITCH_BODY = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    enable: { type: 'array', items: { type: 'string' } },
    disable: { type: 'array', items: { type: 'string' } },
  },
} as const;
const validateQuirkSwitch = lazily(QUIRK_SWITCH_BODY);

/** `/__admin/quirks`: the vendors' observed deviations, off unless switched on here or with `--quirk`. */
export function quirksResource({ services: { quirks } }: MockControl): Hono {
  function change(names: { enable?: readonly string[]; disable?: readonly string[] }): Response {
    try {
      quirks.apply(names);
    } catch (error) {
      if (error instanceof QuirkError) throw new AdminError(404, 'TOKENRIG_NO_SUCH_QUIRK', error.message);
      throw error;
    }
    return Response.json(quirks.list());
  }
  return new Hono()
    .get('/', (c) => c.json(quirks.list()))
    .post('/', async (c) => change(await readBody(c, validateQuirkSwitch())))
    .put('/:name', (c) => change({ enable: [c.req.param('name')] }))
    .delete('/:name', (c) => change({ disable: [c.req.param('name')] }))
    .delete('/', () => change({ disable: ['all'] }));
}
