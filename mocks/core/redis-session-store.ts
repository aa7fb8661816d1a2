import type { Clock } from './clock.js';
import type { RedisScripts } from './redis-scripts.js';
import { SESSION_SCRIPTS } from './redis-session-scripts.js';
import * as S from './session-types.js';

export interface RedisSessionStoreOptions extends S.SessionStoreOptions {
  scripts: RedisScripts;
  /** Every key of this store starts with it: one per namespace, so namespaces never see each other. */
  prefix: string;
}

type Row = readonly [
  id: string,
  profile: string,
  username: string,
  createdAt: string,
  expiresAt: string,
  revokedAt: string | null,
  revokedReason: string | null,
  jti: string | null,
  refreshTokens: readonly string[],
];

/** A session as Redis returns it (the `load` of the scripts above), or undefined for none. */
function toSession(reply: unknown): S.Session | undefined {
  if (!Array.isArray(reply) || reply.length < 9) return undefined;
  // The scripts above return exactly this shape; Redis replies are untyped at the wire.
  const [id, profile, username, createdAt, expiresAt, revokedAt, revokedReason, jti, tokens] =
    reply as unknown as Row;
  return {
    id,
    profile,
    username,
    createdAt: Number(createdAt),
    expiresAt: Number(expiresAt),
    ...(revokedAt !== null ? { revokedAt: Number(revokedAt) } : {}),
    // Written only by the scripts above, from a RevocationReason.
    ...(revokedReason !== null ? { revokedReason: revokedReason as S.RevocationReason } : {}),
    ...(jti !== null ? { currentJti: jti } : {}),
    refreshTokens: [...tokens],
  };
}

const STATUSES = new Set(['active', 'expired', 'revoked', 'reused']);

function toLookup(reply: unknown): S.RefreshLookup {
  if (!Array.isArray(reply)) return { status: 'unknown' };
  const [status, row] = reply;
  const session = toSession(row);
  if (!session || typeof status !== 'string' || !STATUSES.has(status)) return { status: 'unknown' };
  // Checked against STATUSES just above.
  return { status: status as 'active' | 'expired' | 'revoked' | 'reused', session };
}

/**
 * Sessions and refresh tokens in Redis, shared by every mock process pointed at the same database.
 * Each method is one Lua script, which Redis runs atomically: the look-up and the rotation of a
 * refresh token cannot interleave with another process's, so reuse detection sees a replay wherever
 * it lands, and of concurrent rotations of one token exactly one wins.
 */
export class RedisSessionStore implements S.SessionStore {
  readonly #scripts: RedisScripts;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #max: string;
  readonly #keepRotated: string;
  readonly #keep: string;

  constructor({ scripts, clock, prefix, ...limits }: RedisSessionStoreOptions) {
    const { maxSessions, keepRotated, keepRevokedMs } = S.storeLimits(limits);
    this.#scripts = scripts;
    this.#clock = clock;
    this.#prefix = prefix;
    this.#max = String(maxSessions);
    this.#keepRotated = String(keepRotated);
    this.#keep = String(keepRevokedMs);
  }

  #now(): string {
    return String(Math.floor(this.#clock.now()));
  }

  async open(id: string, profile: string, username: string, ttlSeconds: number): Promise<S.Session> {
    const now = Math.floor(this.#clock.now());
    const reply = await this.#scripts.run(SESSION_SCRIPTS.open, [
      this.#prefix,
      id,
      profile,
      username,
      String(now),
      String(now + ttlSeconds * 1000),
      this.#keep,
      this.#max,
    ]);
    const session = toSession(reply);
    if (!session) throw new Error(`redis: session ${id} was not stored`);
    return session;
  }

  async get(id: string): Promise<S.Session | undefined> {
    return toSession(await this.#scripts.run(SESSION_SCRIPTS.get, [this.#prefix, id]));
  }

  async addRefreshToken(session: S.Session, token: string, ttlSeconds: number): Promise<void> {
    const now = Math.floor(this.#clock.now());
    const expiresAt = now + ttlSeconds * 1000;
    await this.#scripts.run(SESSION_SCRIPTS.addRefreshToken, [
      this.#prefix,
      session.id,
      token,
      String(now),
      String(expiresAt),
      this.#keep,
      this.#keepRotated,
    ]);
    // The caller's view follows, as the memory store's live object would.
    session.refreshTokens.push(token);
    session.expiresAt = Math.max(session.expiresAt, expiresAt);
  }

  async holds(token: string): Promise<boolean> {
    return (await this.inspect(token)).status !== 'unknown';
  }

  async inspect(token: string): Promise<S.RefreshLookup> {
    return toLookup(
      await this.#scripts.run(SESSION_SCRIPTS.lookup, [
        this.#prefix,
        token,
        this.#now(),
        'inspect',
        '0',
        this.#keep,
      ]),
    );
  }

  async rotate(token: string, graceMs = 0, successor?: S.RefreshSuccessor): Promise<S.RefreshLookup> {
    const now = Math.floor(this.#clock.now());
    const args = [this.#prefix, token, String(now), 'rotate', String(graceMs), this.#keep];
    if (successor) {
      args.push(successor.token, String(now + successor.ttlSeconds * 1000), this.#keepRotated);
    }
    return toLookup(await this.#scripts.run(SESSION_SCRIPTS.lookup, args));
  }

  async revoke(id: string, reason: S.RevocationReason): Promise<boolean> {
    return (
      (await this.#scripts.run(SESSION_SCRIPTS.revoke, [
        this.#prefix,
        id,
        this.#now(),
        reason,
        this.#keep,
      ])) === 1
    );
  }

  async revokeUser(username: string): Promise<number> {
    return Number(
      await this.#scripts.run(SESSION_SCRIPTS.revokeUser, [this.#prefix, username, this.#now(), this.#keep]),
    );
  }

  async issued(id: string, jti: string, expiresAt: number, expectJti?: string): Promise<boolean> {
    const reply = await this.#scripts.run(SESSION_SCRIPTS.issued, [
      this.#prefix,
      id,
      jti,
      String(Math.floor(expiresAt)),
      expectJti ?? '',
      this.#now(),
      this.#keep,
    ]);
    return reply === 1;
  }

  async list(): Promise<S.Session[]> {
    const reply = await this.#scripts.run(SESSION_SCRIPTS.list, [this.#prefix]);
    if (!Array.isArray(reply)) return [];
    return reply.flatMap((row) => toSession(row) ?? []);
  }

  async size(): Promise<number> {
    return (await this.list()).length;
  }

  async counts(): Promise<S.SessionCounts> {
    const now = this.#clock.now();
    let revoked = 0;
    let expired = 0;
    const sessions = await this.list();
    for (const session of sessions) {
      if (session.revokedAt !== undefined) revoked++;
      else if (session.expiresAt <= now) expired++;
    }
    return { live: sessions.length - revoked - expired, revoked, expired };
  }

  async clear(): Promise<void> {
    await this.#scripts.deleteUnder(this.#prefix);
  }
}
