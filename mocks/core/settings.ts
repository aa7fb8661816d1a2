export type SettingValue = string | number | boolean;

/** A profile's assumed behaviours with their defaults; each can be changed with `--set <profile>.<key>=<value>`. */
export type SettingsSchema = Readonly<Record<string, SettingValue>>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * The profile's settings: its defaults with the `<profile>.<key>` overrides applied, each coerced to
 * the type of its default. An unknown key or a value of the wrong type is an error, not ignored.
 */
export function resolveSettings<T extends SettingsSchema>(
  profile: string,
  defaults: T,
  overrides: Readonly<Record<string, string>>,
): T {
  const out: Record<string, SettingValue> = { ...defaults };
  for (const [fullKey, raw] of Object.entries(overrides)) {
    const dot = fullKey.indexOf('.');
    if (fullKey.slice(0, dot) !== profile) continue;
    const key = fullKey.slice(dot + 1);
    if (!Object.hasOwn(defaults, key)) {
      throw new SettingsError(
        `unknown setting ${fullKey}; ${profile} has: ${Object.keys(defaults).join(', ')}`,
      );
    }
    out[key] = coerce(fullKey, defaults[key] as SettingValue, raw);
  }
  return out as T;
}

function coerce(key: string, example: SettingValue, raw: string): SettingValue {
  if (typeof example === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new SettingsError(`${key} takes a number, got ${JSON.stringify(raw)}`);
    return n;
  }
  if (typeof example === 'boolean') {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new SettingsError(`${key} takes true or false, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** Parses repeated `--set key=value` flags. */
export function parseSetFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = flag.slice(0, eq);
    if (eq <= 0 || !/^[a-z-]+\.[A-Za-z]+$/.test(key)) {
      throw new SettingsError(`--set expects <profile>.<setting>=<value>, got ${JSON.stringify(flag)}`);
    }
    out[key] = flag.slice(eq + 1);
  }
  return out;
}
