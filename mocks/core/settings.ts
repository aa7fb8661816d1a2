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

/** Where a setting's value came from: the flag that set it (`settings` in MockAppOptions is `--set`). */
export type SettingSource = '--set' | '--access-ttl' | '--refresh-ttl';

/** A setting whose value differs from its profile's default, as `/__admin/health` and the banner show it. */
export interface SettingInForce {
  /** `<profile>.<setting>`, as `--set` takes it. */
  readonly name: string;
  readonly value: SettingValue;
  readonly default: SettingValue;
  readonly source: SettingSource;
}

/**
 * The settings of the given profiles that differ from their defaults, in the profiles' order and each
 * profile's own order of settings. A flag that sets a setting to its default is not a difference.
 */
export function settingsInForce(
  profiles: readonly { readonly id: string; readonly settings: SettingsSchema }[],
  overrides: Readonly<Record<string, string>>,
  sources: Readonly<Record<string, SettingSource>>,
): SettingInForce[] {
  const out: SettingInForce[] = [];
  for (const { id, settings: defaults } of profiles) {
    const resolved = resolveSettings(id, defaults, overrides);
    for (const [key, fallback] of Object.entries(defaults)) {
      const value = resolved[key] as SettingValue;
      const name = `${id}.${key}`;
      if (value !== fallback) out.push({ name, value, default: fallback, source: sources[name] ?? '--set' });
    }
  }
  return out;
}
