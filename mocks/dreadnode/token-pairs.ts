import { MockError } from '../core/mock-error.js';
import type { Session } from '../core/session-store.js';
import { issueAccessToken, signRefreshJwt } from '../core/tokens.js';
import type { MockContext, MockServices } from '../core/types.js';
import type { User } from '../core/users.js';
import { type CookieLines, createCookieWriter, setCookies } from './cookies.js';
import { DREADNODE_ERRORS as E } from './errors.js';
import type { Organization } from './identities.js';
import { RecentRotations, type Successor } from './recent-rotations.js';
import type { DreadnodeSettings } from './settings.js';

export const ISSUER = 'dreadnode';
/** Recent rotations remembered at most; beyond it, a flood of refreshes forgets its oldest first. */
const MAX_RECENT_ROTATIONS = 20_000;

export interface IssuedPair {
  readonly access: { readonly token: string; readonly expiresIn: number };
  readonly refresh: string;
  readonly org: Organization;
  /** The pair's Set-Cookie lines, for the answer to carry. */
  readonly cookies: CookieLines;
}

/**
 * Dreadnode's rotating token pairs: signed, stored, set as cookies, and rotated through the refresh
 * endpoint or through the cookies of a request whose access token has expired. A rotated token
 * presented again revokes the whole family.
 */
export function createTokenPairs(
  services: MockServices,
  config: DreadnodeSettings,
  organizationOf: (user: User) => Organization,
) {
  const { sessions, users, clock } = services;
  const rotations = new RecentRotations({
    windowMs: config.concurrentRefreshSeconds * 1000,
    max: MAX_RECENT_ROTATIONS,
    clock,
  });
  // Getters over the live settings: a scenario may change the lifetimes at run time.
  const tokenCookies = createCookieWriter({
    get access() {
      return config.accessTtl;
    },
    get refresh() {
      return config.refreshTtl;
    },
  });

  /**
   * Signs a token pair for the session, with both as cookies for the answer, as the vendor's client
   * expects them. When the pair replaces a rotated refresh token, its refresh token is the one the
   * rotation stored (consume), and it is remembered for the rotated token's concurrent requests.
   */
  async function issue(
    c: MockContext,
    session: Session,
    user: User,
    rotation?: { readonly rotated: string; readonly refresh: string | undefined },
  ): Promise<IssuedPair> {
    c.set('session', session.id);
    c.set('expiresIn', config.accessTtl);
    const org = organizationOf(user);
    const access = issueAccessToken(services, session, config.accessTtl, { iss: ISSUER, org: org.key });
    const rotated = rotation?.rotated;
    const refresh =
      rotation?.refresh ?? signRefreshJwt(services, session, config.refreshTtl, { iss: ISSUER });
    // Recorded before the store's answer is awaited: a request of the same burst that arrives meanwhile
    // finds the successor (the memory store has already stored it when the call returns).
    const stored =
      rotation?.refresh === undefined
        ? sessions.addRefreshToken(session, refresh, config.refreshTtl)
        : undefined;
    const cookies = tokenCookies(c, access.token, refresh);
    if (rotated !== undefined) {
      const now = clock.now();
      rotations.record(rotated, {
        access: access.token,
        refresh,
        accessExpiresAt: now + config.accessTtl * 1000,
        refreshExpiresAt: now + config.refreshTtl * 1000,
        rotatedAt: now,
      });
    }
    await stored;
    return { access, refresh, org, cookies };
  }

  /**
   * Rotates a refresh token (the rotation is one atomic step of the store: of concurrent refreshes of
   * one token, exactly one sees it active), or throws the profile's 401 for it.
   */
  async function consume(
    c: MockContext,
    token: string,
  ): Promise<{ session: Session; user: User; refresh: string | undefined }> {
    const peek = await sessions.inspect(token);
    if (peek.status !== 'unknown' && peek.session.profile !== 'dreadnode') {
      c.set('credential', { kind: 'refresh', token, state: 'unknown' });
      throw new MockError(E.INVALID_REFRESH_TOKEN);
    }
    // A reused, expired or revoked token is still its family's: the journal says whose it was.
    if (peek.status !== 'unknown') c.set('session', peek.session.id);
    // The successor is signed first and stored by the rotation itself: one step of the store, so no
    // failure in between can leave the family rotated with nothing to go on with.
    const refresh =
      peek.status === 'active'
        ? signRefreshJwt(services, peek.session, config.refreshTtl, { iss: ISSUER })
        : undefined;
    const lookup = await sessions.rotate(
      token,
      config.reuseGraceSeconds * 1000,
      refresh === undefined ? undefined : { token: refresh, ttlSeconds: config.refreshTtl },
    );
    c.set('credential', { kind: 'refresh', token, state: lookup.status });
    if (lookup.status === 'unknown') throw new MockError(E.INVALID_REFRESH_TOKEN);
    if (lookup.status === 'expired') throw new MockError(E.REFRESH_TOKEN_EXPIRED);
    if (lookup.status === 'reused') throw new MockError(E.REFRESH_TOKEN_REUSED);
    if (lookup.status === 'revoked') throw new MockError(E.REFRESH_TOKEN_REVOKED);
    const { session } = lookup;
    const user = users.get(session.username);
    if (!user) {
      await sessions.revoke(session.id, 'user-deleted');
      throw new MockError(E.REFRESH_TOKEN_REVOKED, { message: 'The user no longer exists; log in again' });
    }
    return { session, user, refresh };
  }

  /**
   * What the vendor's server does for a request whose access token has expired but whose refresh_token
   * cookie is good: it rotates the pair and answers the request (observed: the rotated pair in
   * Set-Cookie). A request carrying a token rotated moments ago is one of a burst sent with the same
   * pair, and gets the same successor (see RecentRotations).
   */
  async function refreshThroughCookie(c: MockContext, token: string): Promise<User> {
    // The requests of a burst take turns, token by token: the first rotates and records its successor
    // before the next looks, which the awaits of the store would otherwise let them do in between.
    const previous = inFlight.get(token);
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    inFlight.set(token, mine);
    try {
      if (previous) await previous;
      return await refreshOnce(c, token);
    } finally {
      done();
      if (inFlight.get(token) === mine) inFlight.delete(token);
    }
  }

  /** Refreshes in flight through the cookies, by the refresh token they carry; empty when idle. */
  const inFlight = new Map<string, Promise<void>>();

  async function refreshOnce(c: MockContext, token: string): Promise<User> {
    if ((await sessions.inspect(token)).status === 'reused') {
      const successor = rotations.successorOf(token);
      const lookup = successor && (await sessions.inspect(successor.refresh));
      const session = lookup?.status === 'active' ? lookup.session : undefined;
      const user = session && users.get(session.username);
      if (successor && session && user) {
        c.set('session', session.id);
        // One of a burst the server answers with one successor, as the vendor's does: not the client's
        // reuse of a rotated token, so the client findings are told of no credential here.
        c.set('credential', undefined);
        resend(c, successor);
        return user;
      }
    }
    const { session, user, refresh } = await consume(c, token);
    setCookies(c, (await issue(c, session, user, { rotated: token, refresh })).cookies);
    return user;
  }

  function resend(c: MockContext, successor: Successor): void {
    const now = clock.now();
    const left = (expiresAt: number) => Math.max(0, Math.floor((expiresAt - now) / 1000));
    setCookies(
      c,
      tokenCookies(c, successor.access, successor.refresh, {
        access: left(successor.accessExpiresAt),
        refresh: left(successor.refreshExpiresAt),
      }),
    );
  }

  /** Forgets the recent rotations: after a mock reset no old token has a successor. */
  const reset = () => rotations.clear();

  return { issue, consume, refreshThroughCookie, reset };
}

export type TokenPairs = ReturnType<typeof createTokenPairs>;
