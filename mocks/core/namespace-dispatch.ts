import { createHash, createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { NAMESPACE_HEADER, NAMESPACE_PREFIX, type NamespaceRefusal, selectNamespace } from './namespace.js';
import { NamespacesFullError, type NamespaceWorlds } from './namespace-worlds.js';
import type { MockEnv } from './types.js';

/**
 * A namespace's signing key, from the mock's own and the name: a token of one namespace does not verify
 * in another, and every process that shares the mock's key derives the same key for a namespace.
 */
export function namespaceKey(key: Buffer, name: string): Buffer {
  return createHmac('sha256', key).update(`tokenrig:namespace:${name}`).digest();
}

/** A namespace's seed: reproducible from the mock's seed and the name, and apart from every other's. */
export function namespaceSeed(seed: number, name: string): number {
  return createHash('sha256').update(`tokenrig:${seed}:namespace:${name}`).digest().readUInt32BE(0) >>> 1;
}

type Fetch = Hono<MockEnv>['fetch'];

/**
 * The mock's entry point: a request naming a namespace goes to its world; one naming it badly, or one
 * no world can be had for, to the mock's own world with the refusal in its bindings (which no client
 * can set), so the route it names answers it in its profile's envelope or the admin API's.
 */
/** A world as the dispatch needs it: what answers its requests (mocks/app.ts builds them). */
interface World {
  readonly app: { readonly fetch: Fetch };
}

export function dispatchByNamespace<W extends World>(own: Fetch, namespaces: NamespaceWorlds<W>): Fetch {
  return (request, env?: MockEnv['Bindings'], executionCtx?) => {
    const incoming = env?.incoming;
    // The node request's parsed header object when there is one: building web Headers costs more.
    const raw = incoming ? incoming.headers[NAMESPACE_HEADER] : request.headers.get(NAMESPACE_HEADER);
    const header = Array.isArray(raw) ? raw.join(', ') : (raw ?? undefined);
    const target = incoming?.url?.startsWith('/') ? incoming.url : pathAndQuery(request.url);
    if (header === undefined && !target.startsWith(NAMESPACE_PREFIX)) return own(request, env, executionCtx);
    const q = target.indexOf('?');
    const selection = selectNamespace(header, q < 0 ? target : target.slice(0, q));
    if (selection === undefined) return own(request, env, executionCtx);
    const refuse = (refusal: NamespaceRefusal) =>
      own(request, { ...env, namespaceRefusal: refusal }, executionCtx);
    if (!selection.ok)
      return refuse({ status: 400, code: 'TOKENRIG_BAD_NAMESPACE', message: selection.message });
    let world: W;
    try {
      world = namespaces.get(selection.name);
    } catch (error) {
      if (!(error instanceof NamespacesFullError)) throw error;
      return refuse({
        status: 503,
        code: 'TOKENRIG_NAMESPACES_FULL',
        message: error.message,
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    return world.app.fetch(request, env, executionCtx);
  };
}

/** The origin-form target (`/path?query`) of an absolute URL. */
function pathAndQuery(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  return start < 0 ? '/' : url.slice(start);
}
