import type { JwtClaims } from './jwt.js';
import type { Session } from './session-store.js';
import type { CredentialState, MockContext, MockServices } from './types.js';

/**
 * A profile's own claims first, then the registered ones set over them: the same members and order as
 * `{...extra, sub, iat, …}`, which V8 builds several times slower (the spread and the members added
 * after it leave an object JSON.stringify walks slowly). The registered claims are set by the caller.
 */
function withExtra(extra: Readonly<Record<string, unknown>>): JwtClaims {
  // The caller sets sub, iat and exp before anyone reads the claims.
  return Object.assign({}, extra) as JwtClaims;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresIn: number;
}

/**
 * Signs an access token for a session. `sid` ties it to the session, so revoking the session (logout,
 * reuse detection, an admin, a deleted user) kills its access tokens too.
 */
export function issueAccessToken(
  services: MockServices,
  session: Session,
  ttlSeconds: number,
  extra: Record<string, unknown> = {},
): IssuedAccessToken {
  const iat = Math.floor(services.clock.now() / 1000);
  const jti = services.random.uuid();
  const claims = withExtra(extra);
  claims.sub = session.username;
  claims.iat = iat;
  claims.exp = iat + ttlSeconds;
  claims.jti = jti;
  claims.sid = session.id;
  return { token: services.jwt.sign(claims), jti, expiresIn: ttlSeconds };
}

/** Signs a refresh token that is itself a JWT (floLIVE, Dreadnode, KirjaSwappi issue JWTs for both). */
export function signRefreshJwt(
  services: MockServices,
  session: Session,
  ttlSeconds: number,
  extra: Record<string, unknown> = {},
): string {
  const iat = Math.floor(services.clock.now() / 1000);
  const claims = withExtra(extra);
  claims.sub = session.username;
  claims.iat = iat;
  claims.exp = iat + ttlSeconds;
  claims.jti = services.random.uuid();
  claims.sid = session.id;
  claims.typ = 'refresh';
  return services.jwt.sign(claims);
}

export type AccessCheck =
  | { ok: true; claims: JwtClaims; session: Session }
  | {
      ok: false;
      reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked' | 'wrong-audience';
      /** The session an expired token, or one of a revoked session, was signed for: whose it was. */
      sid?: string;
    };

/**
 * Checks an access token the way the vendor's resource server would: signature, expiry, that it was
 * issued by this profile (`iss`) as an access token, and that its session is still alive.
 */
export async function checkAccessToken(
  services: MockServices,
  token: string | undefined,
  issuer: string,
): Promise<AccessCheck> {
  if (!token) return { ok: false, reason: 'missing' };
  const verdict = services.jwt.verify(token, services.clock.now());
  if (!verdict.ok) {
    const sid = verdict.claims?.iss === issuer ? verdict.claims.sid : undefined;
    return typeof sid === 'string' && verdict.reason === 'expired'
      ? { ok: false, reason: 'expired', sid }
      : { ok: false, reason: verdict.reason };
  }
  const { claims } = verdict;
  if (claims.iss !== issuer || claims.typ === 'refresh') return { ok: false, reason: 'wrong-audience' };
  const session = typeof claims.sid === 'string' ? await services.sessions.get(claims.sid) : undefined;
  if (!session) return { ok: false, reason: 'revoked' };
  if (session.revokedAt !== undefined) return { ok: false, reason: 'revoked', sid: session.id };
  return { ok: true, claims, session };
}

const ACCESS_STATES: Readonly<Record<Exclude<AccessCheck, { ok: true }>['reason'], CredentialState>> = {
  missing: 'unknown',
  malformed: 'invalid',
  'bad-signature': 'invalid',
  'wrong-audience': 'invalid',
  expired: 'expired',
  revoked: 'revoked',
};

/**
 * Tells the journal which access token a request presented, what the check found, and whose session
 * it was (an expired token's too): what the client findings read. Nothing when no token came.
 */
export function noteAccess(c: MockContext, token: string | undefined, check: AccessCheck): void {
  if (!token) return;
  c.set('credential', { kind: 'access', token, state: check.ok ? 'active' : ACCESS_STATES[check.reason] });
  const sid = check.ok ? check.session.id : check.sid;
  if (sid !== undefined) c.set('session', sid);
}
