import { PROFILE_IDS } from '../schemas/load.js';

/**
 * The account `tokenrig run` logs in with unless told otherwise. The embedded mock is started with the
 * same account (from the run's own --username/--password), so the runner never reads the mock's list.
 */
export const DEFAULT_CREDENTIALS = { username: 'demo', password: 'demo' } as const;

/** `tokenrig run`'s defaults, shared with the executor's quiet options (tests, bench). */
export const RUN_DEFAULTS = { concurrency: 4, timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 } as const;

/** Options shared by `run`, `list` and `validate`: which profiles and which suite files. */
export const SUITE_OPTIONS = {
  api: {
    type: 'string',
    array: true,
    choices: PROFILE_IDS,
    describe: 'Profiles to include (default: all five)',
  },
  suite: {
    type: 'string',
    array: true,
    describe: "Suite files or folders (default: tokenrig's own suites/)",
  },
} as const;

/** Parses repeated `key=value` flags (--var); the value may contain `=`. */
export function parsePairs(flags: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of flags) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TypeError(`${flag} expects key=value, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Parses repeated `"Name: value"` flags (--header). */
export function parseHeaders(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of flags) {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new TypeError(`--header expects "Name: value", got ${JSON.stringify(header)}`);
    }
    out[name.toLowerCase()] = header.slice(colon + 1).trim();
  }
  return out;
}
