import { Hono } from 'hono';
import type { MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';

/** The body of `POST /__admin/clock`. */
export const CLOCK_BODY = {
  type: 'object',
  required: ['advance'],
  additionalProperties: false,
  properties: { advance: { type: 'number', minimum: 0, maximum: 10 * 365 * 86_400 } },
} as const;
const validateClock = lazily(CLOCK_BODY);

/** `/__admin/clock`: the mock's time, moved forward by `{"advance": seconds}` (what suites' clock steps send). */
export function clockResource({ services: { clock } }: MockControl): Hono {
  const view = () => ({
    now: new Date(clock.now()).toISOString(),
    epochSeconds: Math.floor(clock.now() / 1000),
    offsetSeconds: clock.offsetSeconds(),
  });
  return new Hono()
    .get('/', (c) => c.json(view()))
    .post('/', async (c) => {
      const { advance } = await readBody(c, validateClock());
      clock.advance(advance);
      return c.json(view());
    });
}
