import { randomBytes } from 'node:crypto';

/**
 * The header that puts a request in a tokenrig mock's namespace (mocks/core/namespace.ts; the runner
 * does not import the mock). Every request a run sends its target carries it, admin calls included.
 */
export const NAMESPACE_HEADER = 'tokenrig-namespace';

/**
 * A name no other run picks: from the system's random source, not the run's seed, since two CI jobs
 * started with one `--seed` must still not share a world.
 */
export function freshNamespace(): string {
  return `run-${randomBytes(6).toString('hex')}`;
}

/** What a run does about namespaces, decided from the target's `/__admin/health`. */
export type NamespaceChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'use'; readonly name: string; readonly fresh: boolean }
  /** A namespace was asked for and the target cannot give one: the run would not be isolated. */
  | { readonly kind: 'refuse'; readonly reason: string }
  | { readonly kind: 'ignore'; readonly warning: string };

export interface NamespaceFacts {
  /** `--namespace`, when given; false for `--no-namespace` (the mock's own world, shared with anyone). */
  readonly given: string | false | undefined;
  /** The run started its own mock: no other run shares it. */
  readonly embedded: boolean;
  /** The target's `/__admin/health` body, parsed; undefined when it has no tokenrig admin API. */
  readonly health: unknown;
}

/**
 * A run in a shared tokenrig mock gets a namespace of its own (the one named, else a fresh one), so
 * that parallel runs' clocks, rules and resets never meet. The embedded mock is the run's alone: a
 * namespace only when named. A target that is no tokenrig mock has nothing to isolate.
 */
export function chooseNamespace({ given, embedded, health }: NamespaceFacts): NamespaceChoice {
  if (given === false) return { kind: 'none' };
  if (health === undefined) {
    return given === undefined
      ? { kind: 'none' }
      : { kind: 'ignore', warning: `--namespace ${given} ignored: the target is not a tokenrig mock` };
  }
  const supported =
    typeof health === 'object' && health !== null && typeof Reflect.get(health, 'namespaces') === 'number';
  if (!supported) {
    return given === undefined
      ? { kind: 'none' }
      : {
          kind: 'refuse',
          reason: `--namespace ${given}: the target is a tokenrig mock without namespaces (its /__admin/health reports none); the run would share its state with every other client`,
        };
  }
  if (given !== undefined) return { kind: 'use', name: given, fresh: false };
  return embedded ? { kind: 'none' } : { kind: 'use', name: freshNamespace(), fresh: true };
}

/** The header for a namespace, or none. */
export function namespaceHeaders(namespace: string | undefined): Record<string, string> {
  return namespace === undefined ? {} : { [NAMESPACE_HEADER]: namespace };
}
