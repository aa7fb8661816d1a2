import type { OperationContract, ProfileId } from '../../schemas/load.js';
import type { RefreshOutcome, ScenarioDefinition } from './scenario.js';

/**
 * The server-side failures a refresh may meet: each 5xx the profile documents for its refresh, or 500
 * where it documents errors only as `default` (Oracle Commerce, floLIVE), and a reset connection.
 */
export function refreshFailures(refresh: OperationContract): RefreshOutcome[] {
  const statuses = refresh.responses.flatMap((r) =>
    typeof r.status === 'number' && r.status >= 500 ? [r.status] : [],
  );
  if (statuses.length === 0 && refresh.responses.some((r) => r.status === 'default')) statuses.push(500);
  return [...statuses.map((code) => ({ directives: { code } })), { directives: { fault: 'reset' as const } }];
}

/** A share of refreshes fail on the server's side, as a busy or restarting vendor's do. */
export const FLAKY_REFRESH: ScenarioDefinition = {
  name: 'flaky-refresh',
  summary: 'that share of refreshes fail with a documented 5xx or a reset connection',
  description:
    'Each refresh fails with the given probability, drawn from a stream seeded by --seed (one draw per ' +
    'refresh, so a seeded run fails the same refreshes). A failure is one of the 5xx statuses the ' +
    "profile documents for its refresh, in the vendor's own error envelope, or a connection reset, " +
    'chosen evenly: VMware and KirjaSwappi 500 or reset; Dreadnode 500, 502, 504 or reset; Oracle ' +
    'Commerce and floLIVE, which document errors only as a default response, 500 or reset. The refresh ' +
    'is not carried out, so the refresh token the client holds still works.',
  parameter: { name: 'share', default: 0.3, min: 0, max: 1, integer: false },
  activate(share, { profiles, random }) {
    const failures = new Map<ProfileId, RefreshOutcome[]>(
      profiles.map(({ profile, refresh }) => [profile, refreshFailures(refresh)]),
    );
    return {
      share: share ?? 0.3,
      refresh(profile) {
        const options = failures.get(profile) ?? [];
        return options[Math.floor(random() * options.length)];
      },
    };
  },
};
