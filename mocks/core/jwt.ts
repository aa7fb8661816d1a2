import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/**
 * Registered claims of the mock's tokens, plus whatever a profile adds. `jti` is set by every profile
 * but KirjaSwappi, whose real access tokens carry none (two minted in one second are identical).
 */
export interface JwtClaims {
  sub: string;
  iat: number;
  exp: number;
  jti?: string;
  [claim: string]: unknown;
}

export type JwtVerdict =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired'; claims?: JwtClaims };

/** The header never changes, so it is encoded once per signer instead of once per token. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** SHA-256's block size: HMAC's key pads are one block (RFC 2104 §2). */
const BLOCK = 64;
/** Room for a signing input in the reused buffers; anything longer takes createHmac (none of ours is). */
const ROOM = 4096;
/** The header and its dot, written once into the inner buffer after the key pad. */
const SIGNING_PREFIX = HEADER.length + 1;

/**
 * HS256 compact JWS, written against node:crypto: the mock signs on every login and refresh, and a
 * general JOSE library would add parsing of algorithms and key types the mock never needs.
 *
 * The HMAC is RFC 2104's own construction, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), as two one-shot SHA-256
 * hashes over buffers whose key pads (and the header, for signing) are written once, at construction:
 * createHmac builds a Hash object, a key and a stream wrapper per token, and was the largest part of
 * a refresh's own cost. One event loop, no await inside: the reused buffers cannot be shared by two
 * calls at once. jwt.test.ts checks every signature against createHmac.
 */
export class JwtSigner {
  readonly #secret: Buffer;
  /** K ⊕ ipad, the header and its dot, then a payload. */
  readonly #inner = Buffer.alloc(BLOCK + ROOM);
  /** K ⊕ opad, then the inner digest. */
  readonly #outer = Buffer.alloc(BLOCK + 32);
  /** Claims as UTF-8 on their way to base64url, and payloads on their way back. */
  readonly #scratch = Buffer.alloc(ROOM);

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new RangeError('an HS256 secret needs at least 256 bits');
    this.#secret = secret;
    // A key longer than a block is hashed first (RFC 2104 §2); ours are 32 bytes, but any caller's works.
    const key = secret.length > BLOCK ? hash('sha256', secret, 'buffer') : secret;
    for (let i = 0; i < BLOCK; i++) {
      const k = key[i] ?? 0;
      this.#inner[i] = k ^ 0x36;
      this.#outer[i] = k ^ 0x5c;
    }
    this.#inner.write(`${HEADER}.`, BLOCK, 'latin1');
  }

  sign(claims: JwtClaims): string {
    const json = JSON.stringify(claims);
    // At most three UTF-8 bytes per UTF-16 unit: a JSON this short surely fits the scratch buffer.
    const payload =
      json.length * 3 <= ROOM
        ? this.#scratch.toString('base64url', 0, this.#scratch.write(json, 0, 'utf8'))
        : Buffer.from(json).toString('base64url');
    return `${HEADER}.${payload}.${this.#mac(payload)}`;
  }

  /**
   * Checks shape, signature and `exp` against the given time (ms); `issuedHere` skips the signature
   * for a token looked up, as the exact string, in the mock's own store. A token whose signature is good but
   * which has expired still reports its claims, so callers can tell "expired" from "forged".
   */
  verify(token: string, nowMs: number, { issuedHere = false }: { issuedHere?: boolean } = {}): JwtVerdict {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    if (header !== HEADER) return { ok: false, reason: 'malformed' };
    // A token the caller found, byte for byte, among those this signer issued needs no second HMAC:
    // its signature was computed when it was signed.
    if (!issuedHere && !sameSignature(signature, this.#mac(payload))) {
      return { ok: false, reason: 'bad-signature' };
    }
    const claims = this.#decodeClaims(payload);
    if (!claims) return { ok: false, reason: 'malformed' };
    if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  /** The signature of `${HEADER}.${payload}` in base64url, over its UTF-8 bytes as createHmac signs. */
  #mac(payload: string): string {
    if (payload.length * 3 > ROOM - SIGNING_PREFIX) {
      return createHmac('sha256', this.#secret).update(`${HEADER}.${payload}`).digest('base64url');
    }
    const length = BLOCK + SIGNING_PREFIX + this.#inner.write(payload, BLOCK + SIGNING_PREFIX, 'utf8');
    const innerDigest = hash('sha256', this.#inner.subarray(0, length), 'binary');
    // binary (latin1) maps each of the digest's bytes to one character and back: the 32 bytes, unchanged.
    this.#outer.write(innerDigest, BLOCK, 'binary');
    return hash('sha256', this.#outer, 'base64url');
  }

  #decodeClaims(payload: string): JwtClaims | undefined {
    try {
      // base64url decodes to fewer bytes than it has characters, so a payload under ROOM fits.
      const text =
        payload.length <= ROOM
          ? this.#scratch.toString('utf8', 0, this.#scratch.write(payload, 0, 'base64url'))
          : Buffer.from(payload, 'base64url').toString('utf8');
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null) return undefined;
      const claims = value as Record<string, unknown>;
      if (
        typeof claims.sub !== 'string' ||
        typeof claims.exp !== 'number' ||
        typeof claims.iat !== 'number'
      ) {
        return undefined;
      }
      return claims as JwtClaims;
    } catch {
      return undefined;
    }
  }
}

/**
 * Whether a token's signature is the expected one. The canonical text (what this signer writes) is
 * compared without decoding; any other spelling is decoded as before, so a signature Node's base64url
 * decoder reads as the same bytes (padding, a stray character) is judged exactly as it always was.
 */
function sameSignature(given: string, expected: string): boolean {
  if (given.length === expected.length) {
    let diff = 0;
    // Every character is looked at, whatever the first difference: no early exit to time.
    for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
    if (diff === 0) return true;
  }
  const a = Buffer.from(given, 'base64url');
  const b = Buffer.from(expected, 'base64url');
  return a.length === b.length && timingSafeEqual(a, b);
}
