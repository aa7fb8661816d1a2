import type { ProfileContract, ProfileId } from '../schemas/load.js';
import type { RunOptions } from './executor.js';
import { DEFAULT_CREDENTIALS, RUN_DEFAULTS } from './options.js';
import type { Suite } from './suite/types.js';

/**
 * Executor options with `tokenrig run`'s defaults (demo/demo, concurrency 4, 10 s timeout, 1 MiB
 * bodies): where the tests and the bench start, before their own
 * overrides.
 */
export function quietRunOptions(
  target: string,
  suites: readonly Suite[],
  contracts: ReadonlyMap<ProfileId, ProfileContract>,
  extra: Partial<RunOptions> = {},
): RunOptions {
  return {
    target,
    embeddedMock: false,
    suites,
    contracts,
    username: DEFAULT_CREDENTIALS.username,
    password: DEFAULT_CREDENTIALS.password,
    vars: {},
    headers: {},
    strict: false,
    ...RUN_DEFAULTS,
    seed: 1,
    showSecrets: false,
    ...extra,
  };
}
