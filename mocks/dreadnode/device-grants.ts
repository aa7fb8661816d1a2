import type { Clock } from '../core/clock.js';

/** A pending device login: what the client polls with, and what a person approves on the page. */
export interface DeviceGrant {
  readonly id: string;
  readonly deviceCode: string;
  /** As shown: `BCDF-GHJK`. */
  readonly userCode: string;
  readonly expiresAt: number;
  approvedBy?: string;
}

/**
 * Pending device logins by device code (the client's poll) and by user code (the approval page), both
 * O(1). One lifetime for all, so insertion order is expiry order and pruning stops at the first live one.
 */
export class DeviceGrants {
  readonly #max: number;
  readonly #clock: Clock;
  readonly #byDeviceCode = new Map<string, DeviceGrant>();
  readonly #byUserCode = new Map<string, DeviceGrant>();

  constructor({ max, clock }: { max: number; clock: Clock }) {
    this.#max = max;
    this.#clock = clock;
  }

  /** Adds a grant, first dropping expired ones and, past `max`, the oldest (a client looping on logins). */
  add(grant: DeviceGrant): void {
    const now = this.#clock.now();
    for (const oldest of this.#byDeviceCode.values()) {
      if (oldest.expiresAt > now && this.#byDeviceCode.size < this.#max) break;
      this.delete(oldest);
    }
    this.#byDeviceCode.set(grant.deviceCode, grant);
    this.#byUserCode.set(normalize(grant.userCode), grant);
  }

  byDeviceCode(deviceCode: string): DeviceGrant | undefined {
    return this.#byDeviceCode.get(deviceCode);
  }

  /** The live grant a typed user code names. People type codes by hand: case and dashes do not matter (RFC 8628 §6.1). */
  byUserCode(typed: string): DeviceGrant | undefined {
    const grant = this.#byUserCode.get(normalize(typed));
    return grant && grant.expiresAt > this.#clock.now() ? grant : undefined;
  }

  /** Forgets every pending login (a mock reset). */
  clear(): void {
    this.#byDeviceCode.clear();
    this.#byUserCode.clear();
  }

  delete(grant: DeviceGrant): void {
    this.#byDeviceCode.delete(grant.deviceCode);
    const key = normalize(grant.userCode);
    if (this.#byUserCode.get(key) === grant) this.#byUserCode.delete(key);
  }
}

function normalize(userCode: string): string {
  return userCode.toUpperCase().replace(/[^A-Z]/g, '');
}
