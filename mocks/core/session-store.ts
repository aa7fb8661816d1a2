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

interface RefreshRecord {
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: number;
  rotatedAt?: number;
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
   */
  rotate(token: string, graceMs?: number): Promise<RefreshLookup>;
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
 * Sessions and refresh tokens in the process. Every method does its work synchronously before its
 * promise settles: a look-up and a rotation in one call cannot interleave with another request, which
 * is what makes "concurrent refreshes of one rotating token yield exactly one success" hold.
 */
export class MemorySessionStore implements SessionStore {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #keepRotated: number;
  readonly #keepRevokedMs: number;
  readonly #sessions = new Map<string, Session>();
  readonly #refresh = new Map<string, RefreshRecord>();
  /**
   * Session ids oldest first, for eviction, consumed from #head. The Map's own insertion order would
   * do in principle, but V8 leaves a deleted entry in place until the table is rehashed, so after many
   * evictions `keys().next()` walks every hole: 8.7 µs per login at 20 000 sessions, which made logins
   * three times slower than refreshes.
   */
  #order: string[] = [];
  #head = 0;

  constructor({
    clock,
    maxSessions = 100_000,
    keepRotated = 8,
    keepRevokedMs = 3_600_000,
  }: SessionStoreOptions) {
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError('maxSessions must be >= 1');
    this.#clock = clock;
    this.#max = maxSessions;
    this.#keepRotated = keepRotated;
    this.#keepRevokedMs = keepRevokedMs;
  }

  async size(): Promise<number> {
    return this.#sessions.size;
  }

  async counts(): Promise<SessionCounts> {
    const now = this.#clock.now();
    let revoked = 0;
    let expired = 0;
    for (const session of this.#sessions.values()) {
      if (session.revokedAt !== undefined) revoked++;
      else if (session.expiresAt <= now) expired++;
    }
    return { live: this.#sessions.size - revoked - expired, revoked, expired };
  }

  /** Sessions held, as size() says, for a caller that cannot wait: the soak bench's progress lines. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Refresh tokens remembered, rotated ones included: for tests of the bounds. */
  get refreshTokenCount(): number {
    return this.#refresh.size;
  }

  async open(id: string, profile: string, username: string, ttlSeconds: number): Promise<Session> {
    this.#evict();
    const now = this.#clock.now();
    const session: Session = {
      id,
      profile,
      username,
      createdAt: now,
      expiresAt: now + ttlSeconds * 1000,
      refreshTokens: [],
    };
    if (!this.#sessions.has(id)) this.#order.push(id);
    this.#sessions.set(id, session);
    while (this.#sessions.size > this.#max) {
      const oldest = this.#oldest();
      if (oldest === undefined) break;
      this.#drop(oldest.id);
    }
    return session;
  }

  async get(id: string): Promise<Session | undefined> {
    return this.#sessions.get(id);
  }

  async addRefreshToken(given: Session, token: string, ttlSeconds: number): Promise<void> {
    const session = this.#sessions.get(given.id);
    if (!session) return;
    const expiresAt = this.#clock.now() + ttlSeconds * 1000;
    this.#refresh.set(token, { token, sessionId: session.id, expiresAt });
    session.refreshTokens.push(token);
    session.expiresAt = Math.max(session.expiresAt, expiresAt);
    while (session.refreshTokens.length > this.#keepRotated + 1) {
      const old = session.refreshTokens.shift();
      if (old !== undefined) this.#refresh.delete(old);
    }
  }

  async holds(token: string): Promise<boolean> {
    return this.#refresh.has(token);
  }

  async inspect(token: string): Promise<RefreshLookup> {
    return this.#inspect(token);
  }

  #inspect(token: string): RefreshLookup {
    const record = this.#refresh.get(token);
    const session = record && this.#sessions.get(record.sessionId);
    if (!record || !session) return { status: 'unknown' };
    if (session.revokedAt !== undefined) return { status: 'revoked', session };
    if (record.rotatedAt !== undefined) return { status: 'reused', session };
    if (record.expiresAt <= this.#clock.now()) return { status: 'expired', session };
    return { status: 'active', session };
  }

  async rotate(token: string, graceMs = 0): Promise<RefreshLookup> {
    const lookup = this.#inspect(token);
    if (lookup.status === 'active') {
      const record = this.#refresh.get(token);
      if (record) record.rotatedAt = this.#clock.now();
    } else if (lookup.status === 'reused') {
      const rotatedAt = this.#refresh.get(token)?.rotatedAt ?? 0;
      if (this.#clock.now() - rotatedAt >= graceMs) this.#revoke(lookup.session.id, 'reuse-detected');
    }
    return lookup;
  }

  async revoke(id: string, reason: RevocationReason): Promise<boolean> {
    return this.#revoke(id, reason);
  }

  #revoke(id: string, reason: RevocationReason): boolean {
    const session = this.#sessions.get(id);
    if (!session || session.revokedAt !== undefined) return false;
    session.revokedAt = this.#clock.now();
    session.revokedReason = reason;
    return true;
  }

  async revokeUser(username: string): Promise<number> {
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (session.username === username && this.#revoke(session.id, 'user-deleted')) count++;
    }
    return count;
  }

  async issued(id: string, jti: string, expiresAt: number, expectJti?: string): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (!session || session.revokedAt !== undefined) return false;
    if (expectJti !== undefined && session.currentJti !== expectJti) return false;
    session.currentJti = jti;
    session.expiresAt = Math.max(session.expiresAt, expiresAt);
    return true;
  }

  async list(): Promise<Session[]> {
    return [...this.#sessions.values()];
  }

  async clear(): Promise<void> {
    this.#sessions.clear();
    this.#refresh.clear();
    this.#order = [];
    this.#head = 0;
  }

  /**
   * Drops expired and long-revoked sessions from the front of the insertion order. Sessions of one
   * profile share a TTL, so the oldest are the first to expire; the scan stops at the first live one,
   * which keeps the cost per login constant instead of a sweep over the whole store.
   */
  #evict(): void {
    const now = this.#clock.now();
    for (let session = this.#oldest(); session !== undefined; session = this.#oldest()) {
      const expired = session.expiresAt <= now;
      const longRevoked = session.revokedAt !== undefined && session.revokedAt + this.#keepRevokedMs <= now;
      if (!expired && !longRevoked) break;
      this.#drop(session.id);
    }
  }

  /** The oldest session still stored; ids of dropped sessions are skipped and forgotten. */
  #oldest(): Session | undefined {
    while (this.#head < this.#order.length) {
      const session = this.#sessions.get(this.#order[this.#head] as string);
      if (session) {
        // Forgotten ids are cut off in one go once they are the larger half, keeping the array bounded.
        if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
          this.#order = this.#order.slice(this.#head);
          this.#head = 0;
        }
        return session;
      }
      this.#head++;
    }
    return undefined;
  }

  #drop(id: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    for (const token of session.refreshTokens) this.#refresh.delete(token);
    this.#sessions.delete(id);
  }
}
