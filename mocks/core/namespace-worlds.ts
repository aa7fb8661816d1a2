/** One namespace's world as the registry keeps it. */
export interface NamespaceEntry<W> {
  readonly name: string;
  readonly world: W;
  /** Wall-clock milliseconds. */
  readonly createdAt: number;
  lastUsedAt: number;
}

export interface NamespaceWorldsOptions<W> {
  /** Worlds kept at once; 0 turns namespaces off. */
  readonly max: number;
  /**
   * How long a world must have been idle before a new namespace may take its place. A world in use is
   * never dropped under a running CI job: past the cap with every world busy, a new one is refused.
   */
  readonly idleMs: number;
  readonly create: (name: string) => W;
  /** Called for a world dropped (evicted, deleted or cleared), to let go of what it holds. */
  readonly dispose?: (world: W) => void;
  /** The wall clock: when a world was last used is real time, not any mock's moved clock. */
  readonly now?: () => number;
}

/** No world can be had for a new namespace: why, and when one may be (seconds). */
export class NamespacesFullError extends Error {
  override readonly name = 'NamespacesFullError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The namespaces' worlds, created on first use and bounded in number: a shared mock that every CI job
 * gives a fresh namespace must not grow without bound. At the cap, the least recently used world is
 * dropped for a new one, once it has been idle `idleMs`; the jobs of a finished run leave such worlds.
 */
export class NamespaceWorlds<W> {
  readonly #entries = new Map<string, NamespaceEntry<W>>();
  readonly #now: () => number;

  constructor(readonly options: NamespaceWorldsOptions<W>) {
    if (!Number.isInteger(options.max) || options.max < 0) {
      throw new RangeError(`the namespace cap must be a whole number >= 0 (got ${options.max})`);
    }
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get max(): number {
    return this.options.max;
  }

  /** The world of a namespace, created if it has none yet; throws NamespacesFullError when none can be. */
  get(name: string): W {
    const now = this.#now();
    const entry = this.#entries.get(name);
    if (entry) {
      entry.lastUsedAt = now;
      return entry.world;
    }
    const { max, idleMs } = this.options;
    if (max === 0) {
      throw new NamespacesFullError('namespaces are turned off on this mock (--max-namespaces 0)', 0);
    }
    if (this.#entries.size >= max) this.#evictIdle(now, max, idleMs);
    const world = this.options.create(name);
    this.#entries.set(name, { name, world, createdAt: now, lastUsedAt: now });
    return world;
  }

  /** The world of a namespace that exists, without creating or touching it. */
  peek(name: string): W | undefined {
    return this.#entries.get(name)?.world;
  }

  /** Oldest first. */
  list(): readonly Readonly<NamespaceEntry<W>>[] {
    return [...this.#entries.values()];
  }

  delete(name: string): boolean {
    const entry = this.#entries.get(name);
    if (!entry) return false;
    this.#entries.delete(name);
    this.options.dispose?.(entry.world);
    return true;
  }

  clear(): void {
    for (const name of [...this.#entries.keys()]) this.delete(name);
  }

  #evictIdle(now: number, max: number, idleMs: number): void {
    let oldest: NamespaceEntry<W> | undefined;
    for (const entry of this.#entries.values()) {
      if (!oldest || entry.lastUsedAt < oldest.lastUsedAt) oldest = entry;
    }
    if (!oldest) return;
    const idle = now - oldest.lastUsedAt;
    if (idle < idleMs) {
      const wait = Math.max(1, Math.ceil((idleMs - idle) / 1000));
      throw new NamespacesFullError(
        `all ${max} namespaces are in use (the least recently used, ${JSON.stringify(oldest.name)}, ` +
          `was used ${Math.floor(idle / 1000)} s ago; one idle for ${idleMs / 1000} s may be replaced); ` +
          'delete one with DELETE /__admin/namespaces/<name>, or start the mock with a higher --max-namespaces',
        wait,
      );
    }
    this.delete(oldest.name);
  }
}
