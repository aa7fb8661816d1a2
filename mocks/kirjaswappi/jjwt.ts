import type { JwtVerdict } from '../core/jwt.js';

/**
 * The claims of KirjaSwappi's tokens, as its JwtUtil writes them: no `sid`, no `typ`, and no `jti` in
 * the access token (so two access tokens signed in one second are identical, as the vendor's are).
 */
export interface VendorClaims {
  [claim: string]: unknown;
  role: string;
  jwtToken: boolean;
  /** Only the refresh token has one (JwtUtil.createRefreshToken sets `.id(UUID)`). */
  jti?: string;
  sub: string;
  iat: number;
  exp: number;
}

/** jjwt's messages for a token it cannot parse, as the vendor's bearer filter repeats them in `details`. */
export function jjwtMessage(
  verdict: Extract<JwtVerdict, { ok: false }>,
  token: string,
  nowMs: number,
): string {
  if (verdict.reason === 'expired' && verdict.claims) {
    const expiry = verdict.claims.exp * 1000;
    return `JWT expired ${nowMs - expiry} milliseconds ago at ${new Date(expiry).toISOString()}. Current time: ${new Date(nowMs).toISOString()}. Allowed clock skew: 0 milliseconds.`;
  }
  if (verdict.reason === 'bad-signature') {
    return 'JWT signature does not match locally computed signature. JWT validity cannot be asserted and should not be trusted.';
  }
  const periods = token.split('.').length - 1;
  return periods === 2
    ? 'Malformed JWT JSON: the header or payload is not a JSON object.'
    : `Invalid compact JWT string: Compact JWSs must contain exactly 2 period characters, and compact JWEs must contain exactly 4.  Found: ${periods}`;
}
