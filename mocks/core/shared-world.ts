import type { Hono, Next } from 'hono';
import { storeUnavailable } from '../admin/admin-error.js';
import { StoreUnavailableError } from './redis-scripts.js';
import { type ControlSync, sharedControl } from './shared-control.js';
import type { MockContext, MockEnv, MockServices, SharedStore } from './types.js';

/**
 * Makes a world follow the shared store: before each request its copy of the run-time state is brought
 * up to date (one round trip when nothing changed). With Redis away the request goes on with the copy
 * it has; whatever it needs of the store then fails, and it is answered with the profile's 5xx.
 */
export function sharedWorld({
  scripts,
  namespace,
  services,
  app,
  onReset,
}: SharedStore & {
  namespace: string | undefined;
  services: MockServices;
  app: Hono<MockEnv>;
  onReset: () => void;
}): ControlSync {
  const sync = sharedControl({ scripts, namespace, parts: services, onReset, seed: services.random.seed });
  const fetch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    try {
      await sync.pull();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
    return fetch(request, env, executionCtx);
  };
  return sync;
}

/**
 * An admin request on a shared world: a read sees the rules' shared hits; a change runs under the
 * world's lock and is published whole, or, with Redis away, refused with 503 and nothing changed
 * anywhere (this process's copy is read again from the store next time).
 */
export async function sharedAdmin(c: MockContext, sync: ControlSync, next: Next): Promise<Response> {
  try {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      await sync.pull({ counts: true });
      await next();
    } else {
      await sync.change(next);
    }
    return c.res;
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return storeUnavailable(c, error);
  }
}
