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
 * Pending device logins: in the process (MemoryDeviceGrants) or in the shared store
 * (redis-device-grants.ts), where the process a client polls need not be the one that gave it the code.
 */
export interface DeviceGrantStore {
  add(grant: DeviceGrant): Promise<void>;
  byDeviceCode(deviceCode: string): Promise<DeviceGrant | undefined>;
  /** The live grant a typed user code names. People type codes by hand: case and dashes do not matter (RFC 8628 §6.1). */
  byUserCode(typed: string): Promise<DeviceGrant | undefined>;
  /** Marks a grant approved by `username`, unless someone approved it first; the grant as it now is. */
  approve(grant: DeviceGrant, username: string): Promise<DeviceGrant>;
  /**
   * Removes a grant for its exchange: true for the one caller that removed it. A device code is
   * exchanged once, so of two polls racing with it only one mints a session.
   */
  take(grant: DeviceGrant): Promise<boolean>;
  delete(grant: DeviceGrant): Promise<void>;
  /** Forgets every pending login (a mock reset). */
  clear(): Promise<void>;
}

/**
 * Pending device logins by device code (the client's poll) and by user code (the approval page), both
 * O(1). One lifetime for all, so insertion order is expiry order and pruning stops at the first live one.
 */
export class MemoryDeviceGrants implements DeviceGrantStore {
  readonly #max: number;
  readonly #clock: Clock;
  readonly #byDeviceCode = new Map<string, DeviceGrant>();
  readonly #byUserCode = new Map<string, DeviceGrant>();

  constructor({ max, clock }: { max: number; clock: Clock }) {
    this.#max = max;
    this.#clock = clock;
  }

  /** Adds a grant, first dropping expired ones and, past `max`, the oldest (a client looping on logins). */
  async add(grant: DeviceGrant): Promise<void> {
    const now = this.#clock.now();
    for (const oldest of this.#byDeviceCode.values()) {
      if (oldest.expiresAt > now && this.#byDeviceCode.size < this.#max) break;
      this.#drop(oldest);
    }
    this.#byDeviceCode.set(grant.deviceCode, grant);
    this.#byUserCode.set(normalizeUserCode(grant.userCode), grant);
  }

  async byDeviceCode(deviceCode: string): Promise<DeviceGrant | undefined> {
    return this.#byDeviceCode.get(deviceCode);
  }

  async byUserCode(typed: string): Promise<DeviceGrant | undefined> {
    const grant = this.#byUserCode.get(normalizeUserCode(typed));
    return grant && grant.expiresAt > this.#clock.now() ? grant : undefined;
  }

  async approve(grant: DeviceGrant, username: string): Promise<DeviceGrant> {
    grant.approvedBy ??= username;
    return grant;
  }

  async take(grant: DeviceGrant): Promise<boolean> {
    if (this.#byDeviceCode.get(grant.deviceCode) !== grant) return false;
    this.#drop(grant);
    return true;
  }

  async delete(grant: DeviceGrant): Promise<void> {
    this.#drop(grant);
  }

  async clear(): Promise<void> {
    this.#byDeviceCode.clear();
    this.#byUserCode.clear();
  }

  #drop(grant: DeviceGrant): void {
    this.#byDeviceCode.delete(grant.deviceCode);
    const key = normalizeUserCode(grant.userCode);
    if (this.#byUserCode.get(key) === grant) this.#byUserCode.delete(key);
  }
}

/** A user code as typed, reduced to its letters in upper case. */
export function normalizeUserCode(userCode: string): string {
  return userCode.toUpperCase().replace(/[^A-Z]/g, '');
}
