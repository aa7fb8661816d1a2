import type { RunOptions } from '../../runner/executor.js';
import { runSuites } from '../../runner/executor.js';
import type { RunReport } from '../../runner/model.js';
import { quietRunOptions } from '../../runner/quiet.js';
import type { Suite } from '../../runner/suite/types.js';
import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import { SEED } from './mock.js';

/**
 * The executor against a target with the CLI's defaults, the tests' seed and a short timeout (a test
 * target answers at once), no reporters and no announcements, before the test's own overrides.
 */
export function runQuietly(
  target: string,
  suites: readonly Suite[],
  contracts: ReadonlyMap<ProfileId, ProfileContract>,
  extra: Partial<RunOptions> = {},
): Promise<RunReport> {
  return runSuites(quietRunOptions(target, suites, contracts, { seed: SEED, timeoutMs: 2000, ...extra }));
}
