import type { ProfileId } from '../../schemas/load.js';
import type { ScenarioDefinition } from './scenario.js';

const WINDOW_MS = 60_000;

/** Refreshes over a quota are refused with 429 and `Retry-After`, where the vendor documents 429. */
export const RATE_LIMITED: ScenarioDefinition = {
  name: 'rate-limited',
  summary: 'over that many refreshes a minute: 429 + Retry-After, only where documented',
  description:
    'Each profile admits the given number of refreshes in any 60 seconds of the mock clock, across all ' +
    "clients; a refresh over the quota is answered 429 in the vendor's envelope with Retry-After set " +
    'to the seconds until the oldest admitted refresh leaves the window, and is not carried out. A ' +
    'client that waits that long is admitted; one that ignores Retry-After keeps getting 429. Only ' +
    'profiles that document a 429 for their refresh get one: of the five, Dreadnode ' +
    '(docs.dreadnode.io, "Refresh Token"). VMware, Oracle Commerce, floLIVE and KirjaSwappi document ' +
    'no 429, so this scenario leaves them alone, and cannot be switched on without Dreadnode mounted.',
  parameter: { name: 'refreshes', default: 1, min: 1, max: 100_000, integer: true },
  inapplicable: (refresh) =>
    refresh.responses.some((r) => r.status === 429) ? undefined : 'its refresh documents no 429',
  activate(limit, { profiles, clock }) {
    const quota = limit ?? 1;
    const admitted = new Map<ProfileId, number[]>(profiles.map(({ profile }) => [profile, []]));
    return {
      refresh(profile) {
        const times = admitted.get(profile);
        if (!times) return undefined;
        const now = clock.now();
        while (times.length > 0 && (times[0] ?? 0) + WINDOW_MS <= now) times.shift();
        if (times.length < quota) {
          times.push(now);
          return undefined;
        }
        const seconds = Math.max(1, Math.ceil(((times[0] ?? now) + WINDOW_MS - now) / 1000));
        return { directives: { code: 429, headers: { 'Retry-After': String(seconds) } } };
      },
    };
  },
};
