import { Hono } from 'hono';
import { ScenarioError } from '../scenarios/scenarios.js';
import { AdminError } from './admin-error.js';
import type { MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';

/** The body of `PUT /__admin/scenarios/<name>`: the scenario's value, its default when absent. */
export const SCENARIO_SWITCH_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { value: { type: 'number' } },
} as const;
const validateSwitch = lazily(SCENARIO_SWITCH_BODY);

const STATUS = { unknown: 404, invalid: 400, conflict: 409 } as const;
const CODE = {
  unknown: 'TOKENRIG_NO_SUCH_SCENARIO',
  invalid: 'TOKENRIG_INVALID_SCENARIO',
  conflict: 'TOKENRIG_SCENARIO_CONFLICT',
} as const;

/** A refused switch as the admin API answers it; nothing has changed. */
function refused<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new AdminError(STATUS[error.kind], CODE[error.kind], error.message);
    throw error;
  }
}

/**
 * `/__admin/scenarios`: the named situations (mocks/scenarios/) the mock stages for a client, switched
 * on and off at run time as `/__admin/quirks` switches quirks. `PUT /<name>` (or `/<name>=<value>`,
 * as `--scenario` takes it) with an optional `{"value": n}` switches one on, restarting it when it is on.
 */
export function scenariosResource({ services: { scenarios } }: MockControl): Hono {
  return new Hono()
    .get('/', (c) => c.json({ scenarios: scenarios.list() }))
    .get('/:name', (c) => {
      const name = c.req.param('name');
      const found = refused(() =>
        scenarios.list().find((s) => s.name === scenarios.parse(name).definition.name),
      );
      return c.json(found);
    })
    .put('/:name', async (c) => {
      const { value } = await readBody(c, validateSwitch());
      return c.json(refused(() => scenarios.switchOn(c.req.param('name'), value)));
    })
    .delete('/:name', (c) => {
      refused(() => scenarios.switchOff(c.req.param('name')));
      return c.body(null, 204);
    })
    .delete('/', (c) => {
      scenarios.clear();
      return c.body(null, 204);
    });
}
