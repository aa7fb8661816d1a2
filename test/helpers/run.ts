import { type RunOptions, runSuites } from '../../runner/executor.js';
import type { RunReport } from '../../runner/model.js';
import type { Suite } from '../../runner/suite/types.js';
import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import { SEED } from './mock.js';

/**
 * The executor against a target with the CLI's defaults (demo/demo, concurrency 4, seeded), no
 * reporters and no announcements: what every runner test starts from, before its own overrides.
 */
export function runQuietly(
  target: string,
  suites: readonly Suite[],
  contracts: ReadonlyMap<ProfileId, ProfileContract>,
  extra: Partial<RunOptions> = {},
): Promise<RunReport> {
  return runSuites({
    target,
    embeddedMock: false,
    suites,
    contracts,
    username: 'demo',
    password: 'demo',
    vars: {},
    headers: {},
    strict: false,
    concurrency: 4,
    timeoutMs: 2000,
    maxBodyBytes: 1 << 20,
    seed: SEED,
    showSecrets: false,
    reporters: [],
    reporterContext: { outDir: '.', write: () => {}, color: false },
    announce: () => {},
    ...extra,
  });
}
