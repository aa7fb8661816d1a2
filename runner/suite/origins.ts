/**
 * Where each part of a resolved suite was written. Fragments are copied into the cases that use them,
 * so a problem found in the resolved form (an unknown operation, a `must` without a binding clause)
 * would otherwise be reported at a place that does not exist in the file. Each resolved object records
 * the JSON pointer of the text it came from, and of any key written elsewhere (an override beside `use`).
 */
interface Origin {
  /** Unknown for a copy made in binding `with` values that only knows where some members came from. */
  readonly at?: string;
  readonly keys: ReadonlyMap<string, string>;
}

export class Origins {
  readonly #origins = new WeakMap<object, Origin>();

  /** Records that `value` was written at `at`; `keys` names the members written somewhere else. */
  record<T extends object>(value: T, at: string, keys: ReadonlyMap<string, string> = new Map()): T {
    this.#origins.set(value, { at, keys });
    return value;
  }

  /**
   * Copies what is known of `from` onto `to` (a copy of it with variables bound); `keys` names members
   * of the copy written elsewhere (a value bound from a `with`).
   */
  copy<T extends object>(from: object, to: T, keys: ReadonlyMap<string, string> = new Map()): T {
    const origin = this.#origins.get(from);
    if (keys.size === 0) {
      if (origin) this.#origins.set(to, origin);
      return to;
    }
    const merged = new Map([...(origin?.keys ?? []), ...keys]);
    this.#origins.set(to, origin?.at === undefined ? { keys: merged } : { at: origin.at, keys: merged });
    return to;
  }

  /**
   * The pointer, in the file as written, of `pointer` (relative to `root`, RFC 6901). A member with no
   * record of its own is where its parent was written, plus its key.
   */
  locate(root: object, pointer: string): string {
    let at = this.#origins.get(root)?.at ?? '';
    let node: unknown = root;
    for (const segment of pointer === '' ? [] : pointer.slice(1).split('/')) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      const parent = typeof node === 'object' && node !== null ? node : undefined;
      // An array indexed by its key as a string is the same element: one lookup serves both.
      const child: unknown = parent ? (parent as Record<string, unknown>)[key] : undefined;
      const own = typeof child === 'object' && child !== null ? this.#origins.get(child) : undefined;
      at = own?.at ?? (parent && this.#origins.get(parent)?.keys.get(key)) ?? `${at}/${segment}`;
      node = child;
    }
    return at;
  }
}
