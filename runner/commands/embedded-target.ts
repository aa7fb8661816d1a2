import { startMockServer } from '../../mocks/server.js';
import type { ProfileContract, ProfileId } from '../../schemas/load.js';

/** The target a run talks to: the user's, or tokenrig's own mock started for the run. */
export interface RunTarget {
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

export interface EmbeddedTargetOptions {
  readonly seed: number;
  readonly apis: readonly ProfileId[];
  /** The account the run logs in with: the mock is started knowing exactly it. */
  readonly username: string;
  readonly password: string;
  readonly contracts: ReadonlyMap<ProfileId, ProfileContract>;
}

/**
 * `--target` as given, or, without one, the built-in mock on an ephemeral loopback port, seeded with
 * the run's seed. The one place `run` reaches into mocks/ (the import rule in test/imports.test.ts).
 */
export async function resolveTarget(
  given: string | undefined,
  options: EmbeddedTargetOptions,
): Promise<RunTarget> {
  if (given !== undefined) return { url: given, embedded: false, close: async () => {} };
  const mock = await startMockServer({
    port: 0,
    seed: options.seed,
    apis: options.apis,
    users: [{ username: options.username, password: options.password }],
    contracts: options.contracts,
  });
  return { url: mock.url, embedded: true, close: () => mock.close() };
}
