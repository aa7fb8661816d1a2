import type { Clock } from './clock.js';

/** Why a family was revoked; `scenario` is the `revoked` scenario (mocks/scenarios/revoked.ts). */
export type RevocationReason =
  | 'logout'
  | 'revoked'
  | 'reuse-detected'
  | 'admin'
  | 'user-deleted'
  | 'scenario';

/** A login and everything issued from it: RFC 9700's "token family". */
export interface Session {
  readonly id: string;
  readonly profile: string;
  readonly username: string;
  readonly createdAt: number;
  /** When the newest refresh token of the family expires (ms); drives eviction. */
  expiresAt: number;
  revokedAt?: number;
  revokedReason?: RevocationReason;
  /** The jti of the newest access token, for profiles that invalidate older ones. */
  currentJti?: string;
  /** Refresh tokens of the family, oldest first; rotated ones are kept (bounded) to detect reuse. */
  readonly refreshTokens: string[];
}

/** The refresh token that replaces a rotated one, as rotate() stores it. */
export interface RefreshSuccessor {
  readonly token: string;
  readonly ttlSeconds: number;
}

export type RefreshLookup =
  | { status: 'unknown' }
  | { status: 'active' | 'expired' | 'revoked' | 'reused'; session: Session };

export interface SessionStoreOptions {
  clock: Clock;
  /** Sessions kept at most, live or not; the oldest is evicted first, as identity providers cap sessions. */
  maxSessions?: number;
  /** Rotated refresh tokens remembered per family for reuse detection. */
  keepRotated?: number;
  /** How long a revoked session is remembered, so its tokens read "revoked" rather than "unknown". */
  keepRevokedMs?: number;
}

/** Sessions by state, as the health endpoint reports them. */
export interface SessionCounts {
  readonly live: number;
  readonly revoked: number;
  readonly expired: number;
}

/**
 * Where sessions and refresh tokens live: in the process (MemorySessionStore, the default) or in Redis
 * (mocks/core/redis-session-store.ts), where several mock processes share them. Every method that
 * decides and changes (rotate, revoke, issued) is one atomic step in either store, never a read and a
 * later write, so concurrent requests on one process or on several cannot both win.
 * A Session handed out is the store's view at that moment: change it only through these methods.
 */
export interface SessionStore {
  open(id: string, profile: string, username: string, ttlSeconds: number): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  addRefreshToken(session: Session, token: string, ttlSeconds: number): Promise<void>;
  /** Whether this exact refresh token was issued and is still remembered (any status). */
  holds(token: string): Promise<boolean>;
  inspect(token: string): Promise<RefreshLookup>;
  /**
   * Consumes a rotating refresh token. An active token is marked rotated and its session returned;
   * a rotated one presented again revokes the whole family (RFC 9700 §4.14.2), unless it comes back
   * within `graceMs` of its rotation (a client's own concurrent retry), which is refused but forgiven.
   * With a `successor`, a rotation adds it to the family in the same step (addRefreshToken's work), so
   * no failure between two calls can leave a family rotated with no token to go on with.
   */
  rotate(token: string, graceMs?: number, successor?: RefreshSuccessor): Promise<RefreshLookup>;
  revoke(id: string, reason: RevocationReason): Promise<boolean>;
  revokeUser(username: string): Promise<number>;
  /**
   * Records the newest access token of a live session and extends the session to `expiresAt` (ms) if
   * later. With `expectJti`, only while that is still the newest: false when another request has
   * issued one since (or the session is gone), which is how a profile that invalidates older access
   * tokens lets exactly one of two concurrent refreshes through.
   */
  issued(id: string, jti: string, expiresAt: number, expectJti?: string): Promise<boolean>;
  list(): Promise<Session[]>;
  /** Sessions held, live or not: a walk for the admin API, never per request. */
  size(): Promise<number>;
  /**
   * The sessions held, by state: live (usable), revoked and expired. Revoked and expired ones are kept
   * a while (their tokens then read "revoked" or "expired", not "unknown"), so a count of all of them
   * overstates what is live. A walk over every session: for the admin API, not per request.
   */
  counts(): Promise<SessionCounts>;
  clear(): Promise<void>;
}

/**
 * The limits of a store with their defaults, checked: both stores take the same options and must
 * refuse the same bad ones.
 */
export function storeLimits({
  maxSessions = 100_000,
  keepRotated = 8,
  keepRevokedMs = 3_600_000,
}: Omit<SessionStoreOptions, 'clock'>): Required<Omit<SessionStoreOptions, 'clock'>> {
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError('maxSessions must be >= 1');
  return { maxSessions, keepRotated, keepRevokedMs };
}
