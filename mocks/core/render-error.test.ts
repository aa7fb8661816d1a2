import { Hono } from 'hono';
import t from 'tap';
import { VCF_ERRORS } from '../vcf/errors.js';
import { MockError } from './mock-error.js';
import { createRandom } from './random.js';
import { createErrorRenderer } from './render-error.js';
import type { MockEnv } from './types.js';

/** An app whose one route throws `error`, answered by the renderer with a tiny envelope. */
function throwing(error: unknown, logged: unknown[]) {
  const render = createErrorRenderer(
    { invalid: VCF_ERRORS.INVALID_REQUEST, internal: VCF_ERRORS.INTERNAL },
    (e, _random, path) => ({ code: e.spec.code, message: e.message, path }),
    { random: createRandom(7), logError: (e) => logged.push(e) },
  );
  const app = new Hono<MockEnv>().onError(render);
  app.get('/x', () => {
    throw error;
  });
  return app;
}

t.test('a MockError in the envelope, with its status, headers and no-store', async (t) => {
  const logged: unknown[] = [];
  const res = await throwing(
    new MockError(VCF_ERRORS.REFRESH_TOKEN_NOT_FOUND, { headers: { 'X-Why': 'gone' } }),
    logged,
  ).request('/x');
  t.equal(res.status, 404);
  t.equal(res.headers.get('x-why'), 'gone');
  t.equal(res.headers.get('cache-control'), 'no-store');
  t.same(await res.json(), {
    code: 'VCF_REFRESH_TOKEN_NOT_FOUND',
    message: VCF_ERRORS.REFRESH_TOKEN_NOT_FOUND.message,
    path: '/x',
  });
  t.same(logged, [], 'a client error is not logged');
});

t.test("a bug in the mock: the profile's 500, and logged", async (t) => {
  const logged: unknown[] = [];
  const bug = new TypeError('oops');
  const res = await throwing(bug, logged).request('/x');
  t.equal(res.status, 500);
  t.match(await res.json(), { code: 'VCF_INTERNAL_SERVER_ERROR' });
  t.same(logged, [bug]);
});

t.test('a 429 without Retry-After gets one', async (t) => {
  const limited = { ...VCF_ERRORS.INVALID_REQUEST, status: 429 };
  const res = await throwing(new MockError(limited), []).request('/x');
  t.match(res.headers.get('retry-after'), /^\d+$/);
});
