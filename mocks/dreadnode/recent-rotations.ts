import type { Clock } from '../core/clock.js';

/** The pair a rotation issued, and when: what a request still carrying its predecessor is answered with. */
export interface Successor {
  readonly access: string;
  readonly refresh: string;
  /** Expiry of each token (ms), so a re-sent cookie carries the lifetime it has left. */
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number;
  readonly rotatedAt: number;
}

/**
 * The successors of refresh tokens rotated in the last `windowMs`, by the rotated token.
 *
 * Why a window: the vendor's client never calls the refresh endpoint; it sends both cookies with every
 * request and the server rotates the pair when the access token has expired. A browser page (or a CLI
 * that fires several calls at once) sends its next requests before the first answer's Set-Cookie has
 * reached its jar, so they all carry the same expired pair. Strict reuse detection would take the second
 * of them for a stolen token and revoke the family: the user is logged out for loading a page. Within
 * the window a rotated token is answered with the pair its rotation already issued — the same pair, so
 * every answer tells the jar the same thing and exactly one rotation happens. The window is short
 * because it is also a replay allowance (RFC 9700 §4.14.2 leaves that trade to the server): past it,
 * the rotated token is reuse again and revokes its family.
 */
export class RecentRotations {
  readonly #windowMs: number;
  readonly #max: number;
  readonly #clock: Clock;
  readonly #byRotated = new Map<string, Successor>();
  /**
   * Rotated tokens in rotation order, consumed from #head; pruning stops at the first still inside the
   * window. Not the Map's own order: V8 keeps a deleted entry as a hole until the table is rehashed, so
   * iterating from the front after many deletions walks every hole (2.8 % of a Dreadnode refresh).
   */
  #order: string[] = [];
  #head = 0;

  constructor({ windowMs, max, clock }: { windowMs: number; max: number; clock: Clock }) {
    this.#windowMs = windowMs;
    this.#max = max;
    this.#clock = clock;
  }

  get size(): number {
    return this.#byRotated.size;
  }

  /** Remembers what the rotation of `rotated` issued; nothing when the window is off. */
  record(rotated: string, successor: Successor): void {
    if (this.#windowMs <= 0) return;
    this.#prune();
    if (!this.#byRotated.has(rotated)) this.#order.push(rotated);
    this.#byRotated.set(rotated, successor);
  }

  /** The pair issued for `rotated`, while its rotation is less than the window old. */
  successorOf(rotated: string): Successor | undefined {
    const successor = this.#byRotated.get(rotated);
    if (!successor || this.#clock.now() - successor.rotatedAt >= this.#windowMs) return undefined;
    return successor;
  }

  /** Forgets every rotation (a mock reset). */
  clear(): void {
    this.#byRotated.clear();
    this.#order = [];
    this.#head = 0;
  }

  /** Drops rotations past the window from the front, and the oldest beyond `max` (a refresh flood). */
  #prune(): void {
    const now = this.#clock.now();
    const order = this.#order;
    while (this.#head < order.length) {
      const token = order[this.#head] as string;
      const successor = this.#byRotated.get(token);
      if (successor && now - successor.rotatedAt < this.#windowMs && this.#byRotated.size < this.#max) break;
      this.#byRotated.delete(token);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > order.length) {
      this.#order = order.slice(this.#head);
      this.#head = 0;
    }
  }
}
