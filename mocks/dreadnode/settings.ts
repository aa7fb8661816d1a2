import { SettingsError } from '../core/settings.js';

/** Assumed behaviours of the Dreadnode profile, each overridable with `--set dreadnode.<key>=<value>`. */
export const DREADNODE_SETTINGS = {
  /**
   * `auto`: a device code is approved for the first configured user the moment it is polled, so a
   * client logs in without a browser. `manual`: it stays pending (401) until someone approves it on the
   * page at `/account/device`.
   */
  deviceApproval: 'auto',
  /** Assumed: Dreadnode does not publish the device code lifetime; RFC 8628 examples use 15 minutes. */
  deviceCodeTtl: 900,
  /** Assumed: the vendor's client reads `exp` rather than a documented lifetime. */
  accessTtl: 3600,
  /** Assumed: Dreadnode does not publish the refresh-token lifetime; a week, as common session cookies. */
  refreshTtl: 604_800,
  /**
   * Seconds after a rotation during which the rotated token is refused without revoking its family
   * (RFC 9700 §4.14.2 allows this for a client's own concurrent retries); 0 revokes on any reuse.
   */
  reuseGraceSeconds: 0,
  /**
   * Seconds after a rotation during which a request that refreshes through its cookies with the rotated
   * token gets the pair that rotation issued (see mocks/dreadnode/recent-rotations.ts); 0 turns it off.
   */
  concurrentRefreshSeconds: 10,
};

export type DreadnodeSettings = typeof DREADNODE_SETTINGS;

/** Refuses, at start-up, a setting only some values make sense for. */
export function checkDreadnodeSettings(config: DreadnodeSettings): void {
  if (config.deviceApproval !== 'auto' && config.deviceApproval !== 'manual') {
    throw new SettingsError(
      `dreadnode.deviceApproval takes auto or manual, got ${JSON.stringify(config.deviceApproval)}`,
    );
  }
}
