/**
 * How a request names the isolated world (namespace) it belongs to: a `Tokenrig-Namespace` header, or
 * a `/__ns/<name>` path prefix for clients that cannot set headers (a browser opening a link, a
 * redirect). A request that names neither belongs to the mock's own, unnamed world.
 */

/** The request header, lower-case as Node's parser keys it. */
export const NAMESPACE_HEADER = 'tokenrig-namespace';

/** The path prefix: `/__ns/<name>/<the path the world sees>`. */
export const NAMESPACE_PREFIX = '/__ns';

/**
 * Letters, digits, `.`, `_` and `-`, starting with a letter or a digit, at most 64: safe unencoded in
 * a path segment, a header and a store key, and long enough for a CI job's id.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why a name is not one, or undefined when it is. */
export function namespaceNameProblem(name: string): string | undefined {
  if (NAME.test(name)) return undefined;
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  if (name === '') return 'namespace name is empty';
  if (name.length > 64) return `namespace name ${shown} is longer than 64 characters`;
  return `namespace name ${shown} may hold only letters, digits, ".", "_" and "-", and must start with a letter or digit`;
}

/** What a request says about its namespace. */
export type NamespaceSelection =
  /** It names none: the mock's own world. */
  undefined | { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/**
 * The namespace a request names by its header and its path (origin-form, `/…`). Both may name one
 * only if they agree: a client that sends two names has a bug the mock must not guess around.
 */
export function selectNamespace(header: string | undefined, path: string): NamespaceSelection {
  const prefixed = path === NAMESPACE_PREFIX || path.startsWith(`${NAMESPACE_PREFIX}/`);
  if (header === undefined && !prefixed) return undefined;
  let fromPath: string | undefined;
  if (prefixed) {
    const end = path.indexOf('/', NAMESPACE_PREFIX.length + 1);
    fromPath = path.slice(NAMESPACE_PREFIX.length + 1, end < 0 ? undefined : end);
    const problem = namespaceNameProblem(fromPath);
    if (problem) return { ok: false, message: `${problem} (in the path prefix ${NAMESPACE_PREFIX}/<name>/)` };
  }
  if (header !== undefined) {
    const problem = namespaceNameProblem(header);
    if (problem) return { ok: false, message: `${problem} (in the Tokenrig-Namespace header)` };
    if (fromPath !== undefined && fromPath !== header) {
      return {
        ok: false,
        message: `the Tokenrig-Namespace header names ${JSON.stringify(header)} but the path prefix names ${JSON.stringify(fromPath)}; send one, or the same name in both`,
      };
    }
  }
  return { ok: true, name: fromPath ?? header ?? '' };
}

/** The path a world sees: the request's path without a `/__ns/<name>` prefix (`/` when nothing follows). */
export function withoutNamespace(path: string): string {
  if (path !== NAMESPACE_PREFIX && !path.startsWith(`${NAMESPACE_PREFIX}/`)) return path;
  const end = path.indexOf('/', NAMESPACE_PREFIX.length + 1);
  return end < 0 ? '/' : path.slice(end);
}

/** The prefix a client without the header uses to reach a world: `''` for the mock's own. */
export function namespaceBasePath(name: string | undefined): string {
  return name === undefined ? '' : `${NAMESPACE_PREFIX}/${name}`;
}

/**
 * Why the mock cannot serve a request in the namespace it names: a bad name (400), or no world to be
 * had for it (503). Carried in the request's bindings to the route it names, which answers it in its
 * own envelope.
 */
export interface NamespaceRefusal {
  readonly status: 400 | 503;
  /** The mock's own code, for answers outside a profile (the admin API, unknown paths). */
  readonly code: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}
