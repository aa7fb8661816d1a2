import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CONFIG_FILE, ConfigError, readConfig, relativeName, type TokenrigConfig } from './config-file.js';

/** A key of the configuration file that a command's flag stands for. */
export type ConfigKey = Exclude<keyof TokenrigConfig, 'vars' | 'headers'>;

/** What a command takes from a configuration file: its option for each key, and whether it takes vars and headers. */
export interface ConfigUse {
  readonly command: string;
  readonly options: Partial<Record<ConfigKey, string>>;
  readonly vars?: boolean;
  readonly headers?: boolean;
}

/** `tokenrig run`: every key, each as the flag of the same meaning. */
export const RUN_CONFIG: ConfigUse = {
  command: 'run',
  options: {
    target: 'target',
    apis: 'api',
    suites: 'suite',
    username: 'username',
    reporters: 'reporter',
    out: 'out',
    baseline: 'baseline',
    strict: 'strict',
    grep: 'grep',
    concurrency: 'concurrency',
    timeout: 'timeout',
    maxBody: 'max-body',
    seed: 'seed',
    fuzz: 'fuzz',
  },
  vars: true,
  headers: true,
};

/**
 * Adds `--config <file>` (default: tokenrig.config.json in the working directory, when there is one)
 * to a command. The file's values come in as yargs config values: below every flag given, above every
 * default. `vars` and `headers` are maps, so they are merged instead: the file's first, then each
 * `--var` and `--header` given, which replaces the file's value of the same name. A file that cannot be
 * used is a ConfigError (exit 2), raised through yargs' parse; so is a key whose option is not among
 * the command's `declared` ones.
 */
export function withConfig<T>(yargs: Argv<T>, use: ConfigUse, declared: readonly string[]) {
  type Outcome =
    | { readonly ok: true; readonly config: TokenrigConfig; readonly args: Record<string, unknown> }
    | { readonly ok: false; readonly error: unknown };
  let read: { readonly path: string; readonly outcome: Outcome } | undefined;
  const configure = (path: string): Outcome => {
    if (read?.path !== path) {
      try {
        const config = readConfig(path);
        read = { path, outcome: { ok: true, config, args: argsOf(config, path, use, declared) } };
      } catch (error) {
        read = { path, outcome: { ok: false, error } };
      }
    }
    return read.outcome;
  };
  const describe = 'Configuration file (schemas/config.schema.json); flags given override it';
  return (
    yargs
      .option('config', {
        type: 'string',
        ...(existsSync(CONFIG_FILE) ? { default: CONFIG_FILE } : {}),
        defaultDescription: `${CONFIG_FILE}, if the working directory has one`,
      })
      // A file that cannot be used is thrown by the middleware below: yargs would keep only the message
      // of an error thrown here, and lose its exit code.
      .config('config', describe, (path: string) => {
        const outcome = configure(path);
        return outcome.ok ? outcome.args : {};
      })
      .middleware((argv: { config?: unknown; var?: unknown; header?: unknown }) => {
        if (typeof argv.config !== 'string' || argv.config === '') return;
        const outcome = configure(resolve(argv.config));
        if (!outcome.ok) throw outcome.error;
        const { config } = outcome;
        const given = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
        if (use.vars && config.vars) {
          argv.var = [...Object.entries(config.vars).map(([k, v]) => `${k}=${v}`), ...given(argv.var)];
        }
        if (use.headers && config.headers) {
          const headers = Object.entries(config.headers).map(([k, v]) => `${k}: ${v}`);
          argv.header = [...headers, ...given(argv.header)];
        }
      }, true)
  );
}

/** The config's values under the command's option names; a key the command has no option for is an error. */
function argsOf(
  config: TokenrigConfig,
  path: string,
  use: ConfigUse,
  declared: readonly string[],
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(use.options)) {
    const value = config[key as ConfigKey]; // a key of use.options: a ConfigKey
    if (value === undefined) continue;
    // A key this command has no flag for would be read by nothing: the file would say what the run ignores.
    if (!declared.includes(option)) {
      throw new ConfigError(relativeName(path), `/${key}`, `tokenrig ${use.command} has no --${option}`);
    }
    args[option] = value;
  }
  return args;
}
