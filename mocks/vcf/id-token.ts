/** Why an `idToken` login is refused; every reason is answered with the same 401. */
export type IdTokenVerdict =
  | { readonly ok: true; readonly subject: string }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'unsigned' | 'no-subject' | 'expired' | 'not-yet-valid';
    };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Reads the identity token of an `{idToken}` login (VMware's TokenCreationSpec lists the member, but not
 * what a valid token is). Assumed: a compact JWS (RFC 7515 §7.1) whose `sub` is the user name.
 *
 * The signature cannot be checked: an SDDC Manager takes identity tokens issued by the identity
 * provider its administrator federated, whose keys the mock does not have and VMware's API does not
 * name. What can be checked is: three base64url parts, a JSON header that names a real algorithm
 * (`alg: none` is refused, RFC 8725 §3.1), a JSON payload with a string `sub`, and `exp` / `nbf` against
 * the mock's clock (RFC 7519 §4.1.4, §4.1.5), so moving the clock expires an id token too.
 */
export function readIdToken(token: string, nowMs: number): IdTokenVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts.map(decodeSegment);
  if (!header?.json || !payload?.json || !signature || typeof header.json.alg !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  // An unsecured JWS names `none` and has an empty signature; either alone is enough to refuse it.
  if (header.json.alg.toLowerCase() === 'none' || signature.raw === '')
    return { ok: false, reason: 'unsigned' };
  if (!signature.base64url) return { ok: false, reason: 'malformed' };
  const claims = payload.json;
  if (typeof claims.sub !== 'string' || claims.sub === '') return { ok: false, reason: 'no-subject' };
  const now = nowMs / 1000;
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= now)) {
    return { ok: false, reason: 'expired' };
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) {
    return { ok: false, reason: 'not-yet-valid' };
  }
  return { ok: true, subject: claims.sub };
}

interface Segment {
  readonly raw: string;
  /** Only base64url's own alphabet: Node's decoder would silently skip anything else. */
  readonly base64url: boolean;
  /** The segment decoded as a JSON object, when it is one. */
  readonly json?: Record<string, unknown>;
}

function decodeSegment(raw: string): Segment {
  const base64url = SEGMENT.test(raw);
  if (!base64url) return { raw, base64url };
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { raw, base64url };
    // A JSON object that is not an array: its members are read as unknown and checked one by one.
    return { raw, base64url, json: value as Record<string, unknown> };
  } catch {
    return { raw, base64url };
  }
}
