import { createHash } from 'node:crypto';
import { createFaker } from '../core/random.js';
import type { User } from '../core/users.js';

/** RFC 2606 reserves it: a made-up address can never reach anyone. */
const EMAIL_DOMAIN = 'example.com';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly key: string;
}

/**
 * What Dreadnode tells about a user: the organization in every token answer, and `GET /api/user`'s
 * body. Both are derived from the run's seed and the user's id, so a user keeps them across refreshes
 * and a seeded run replays them; each is made once per user (reseeding a faker costs more than the rest
 * of a refresh). Both maps are bounded by the users, who only come from the command line and the admin API.
 */
export function createIdentities(seed: number) {
  // Drawing organizations from the shared faker would give a user a new one on every refresh. Made at
  // the first organization, not at start-up: faker is loaded on first use.
  let orgFaker: ReturnType<typeof createFaker> | undefined;
  const organizations = new Map<string, Organization>();
  const profiles = new Map<string, string>();

  return {
    organizationOf(user: User): Organization {
      const known = organizations.get(user.id);
      if (known) return known;
      const digest = createHash('sha256').update(`${seed}:${user.id}`).digest();
      orgFaker ??= createFaker(0);
      orgFaker.seed([digest.readUInt32BE(0), digest.readUInt32BE(4)]);
      const name = orgFaker.company.name();
      const key = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      const organization = { id: orgFaker.string.uuid(), name, key };
      organizations.set(user.id, organization);
      return organization;
    },

    /** `GET /api/user`'s body, serialized once per user: it never changes for a user. */
    profileOf(user: User): string {
      const known = profiles.get(user.id);
      if (known) return known;
      const key = createHash('sha256').update(`${seed}:api-key:${user.id}`).digest('base64url');
      const body = JSON.stringify({
        id: user.id,
        email_address: user.username.includes('@') ? user.username : `${user.username}@${EMAIL_DOMAIN}`,
        username: user.username,
        api_key: { key: key.slice(0, 32) },
      });
      profiles.set(user.id, body);
      return body;
    },
  };
}
