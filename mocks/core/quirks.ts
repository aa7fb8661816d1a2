import type { ProfileId } from '../../schemas/load.js';

/** Where a quirk was seen: a file of the vendor's own public code, and what it shows. */
export interface QuirkEvidence {
  readonly repository: string;
  readonly file: string;
  readonly what: string;
}

/**
 * A vendor's observed deviation from its documentation or from a universal HTTP rule (usually a bug,
 * such as a 500 for a malformed token). The mock reproduces one only when asked, so that a client can be
 * tested against the real server's behaviour; the runner never demands one.
 */
export interface QuirkDefinition {
  /** kebab-case, unique within its profile: `--quirk <profile>.<id>`. */
  readonly id: string;
  /** One line, shown in `tokenrig mock --help`, the start banner and `/__admin/quirks`. */
  readonly summary: string;
  /** The documented fact or universal rule the quirk contradicts. */
  readonly breaks: string;
  readonly evidence: readonly QuirkEvidence[];
}

/** A live switch: `on` reflects changes made at run time through `/__admin/quirks`. */
export interface QuirkFlag {
  readonly on: boolean;
}

/** A `--quirk` or `/__admin/quirks` name that does not exist; a usage error, never ignored. */
export class QuirkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuirkError';
  }
}

export interface QuirkState extends QuirkDefinition {
  readonly profile: ProfileId;
  /** `<profile>.<id>`, the name the CLI and the admin API take. */
  readonly name: string;
  readonly enabled: boolean;
  /** Who switched it on, while it is on: `--quirk` at start-up, or a call to `/__admin/quirks`. */
  readonly enabledBy?: QuirkSource;
}

export type QuirkSource = '--quirk' | 'admin';

interface Entry {
  readonly profile: ProfileId;
  readonly definition: QuirkDefinition;
  readonly flag: { on: boolean };
  by: QuirkSource | undefined;
}

/**
 * The quirks of the mounted profiles and which are on. Names are checked when they are given (the
 * command line, the admin API) and when a profile asks for its flags at start-up, so a typo is an error
 * rather than a quirk silently left off; per request a profile only reads a boolean.
 */
/** A quirk that is on, and who switched it on. */
export interface QuirkSetting {
  readonly name: string;
  readonly by: QuirkSource;
}

export class Quirks {
  readonly #entries = new Map<string, Entry>();
  readonly #initial: readonly string[];

  /**
   * @param available each mounted profile's quirks
   * @param enabled names to switch on at start: `<profile>.<id>` or `<profile>.all`
   * @example new Quirks({ kirjaswappi: KIRJASWAPPI_QUIRKS }, ['kirjaswappi.malformed-token-500'])
   */
  constructor(
    available: Readonly<Partial<Record<ProfileId, readonly QuirkDefinition[]>>>,
    enabled: readonly string[] = [],
  ) {
    // Object.entries widens the keys to string; they are ProfileIds by the parameter's type.
    for (const [profile, definitions] of Object.entries(available) as [ProfileId, QuirkDefinition[]][]) {
      for (const definition of definitions) {
        const name = `${profile}.${definition.id}`;
        if (this.#entries.has(name)) throw new QuirkError(`quirk ${name} is defined twice`);
        this.#entries.set(name, { profile, definition, flag: { on: false }, by: undefined });
      }
    }
    this.#initial = this.#expand(enabled);
    for (const name of this.#initial) this.#set(name, true, '--quirk');
  }

  /** The profile's switch for one of its quirks; an unknown id throws (checked once, at start-up). */
  flag(profile: ProfileId, id: string): QuirkFlag {
    const entry = this.#entries.get(`${profile}.${id}`);
    if (!entry) throw new QuirkError(`profile ${profile} defines no quirk ${id}`);
    return entry.flag;
  }

  /** Switches quirks on or off by `<profile>.<id>` or `<profile>.all`; returns the names changed. */
  set(names: readonly string[], on: boolean): string[] {
    return this.apply(on ? { enable: names } : { disable: names });
  }

  /**
   * Switches some quirks off, then others on; every name is checked before anything changes, so a
   * bad name leaves every quirk as it was. Returns the names whose state changed.
   */
  apply({
    enable = [],
    disable = [],
  }: {
    enable?: readonly string[];
    disable?: readonly string[];
  }): string[] {
    const off = disable.includes('all') ? [...this.#entries.keys()] : this.#expand(disable);
    const on = this.#expand(enable);
    const changed = new Set([
      ...off.filter((n) => this.#set(n, false, 'admin')),
      ...on.filter((n) => this.#set(n, true, 'admin')),
    ]);
    return [...changed];
  }

  /** Back to the quirks given at start. */
  reset(): void {
    for (const entry of this.#entries.values()) {
      entry.flag.on = false;
      entry.by = undefined;
    }
    for (const name of this.#initial) this.#set(name, true, '--quirk');
  }

  list(): QuirkState[] {
    return [...this.#entries].map(([name, { profile, definition, flag, by }]) => ({
      ...definition,
      profile,
      name,
      enabled: flag.on,
      ...(flag.on && by ? { enabledBy: by } : {}),
    }));
  }

  /** Names of the quirks that are on, in definition order. */
  enabled(): string[] {
    return this.list()
      .filter((q) => q.enabled)
      .map((q) => q.name);
  }

  /** The quirks that are on and who switched each on, as the shared store keeps them. */
  snapshot(): QuirkSetting[] {
    return [...this.#entries].flatMap(([name, { flag, by }]) => (flag.on && by ? [{ name, by }] : []));
  }

  /** Exactly these on, each as its source switched it; names this mock does not mount are passed over. */
  restore(settings: readonly QuirkSetting[]): void {
    for (const entry of this.#entries.values()) {
      entry.flag.on = false;
      entry.by = undefined;
    }
    for (const { name, by } of settings) this.#set(name, true, by);
  }

  /** A switch that changes nothing (on already) keeps who switched it on. */
  #set(name: string, on: boolean, by: QuirkSource): boolean {
    const entry = this.#entries.get(name);
    if (!entry || entry.flag.on === on) return false;
    entry.flag.on = on;
    entry.by = on ? by : undefined;
    return true;
  }

  #expand(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const dot = name.indexOf('.');
      const profile = name.slice(0, dot);
      const id = name.slice(dot + 1);
      const own = [...this.#entries.keys()].filter((n) => n.startsWith(`${profile}.`));
      if (dot <= 0 || id === '') {
        throw new QuirkError(`a quirk is named <profile>.<id> or <profile>.all, got ${JSON.stringify(name)}`);
      }
      if (id === 'all') {
        if (own.length === 0) throw new QuirkError(`${profile} has no quirks (or is not mounted)`);
        out.push(...own);
      } else if (this.#entries.has(name)) {
        out.push(name);
      } else {
        const known = own.length > 0 ? own.join(', ') : 'none';
        throw new QuirkError(`no quirk ${name}; ${profile} has: ${known}`);
      }
    }
    return [...new Set(out)];
  }
}
