/**
 * One injectable clock for every expiry decision in the mock. Tests and the admin API move it forward
 * instead of sleeping, so a 7-day refresh token can expire in a millisecond of real time.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the mock sees it. */
  now(): number;
  /** Moves the mock's time forward (never backward: tokens already issued must not un-expire). */
  advance(seconds: number): void;
  /** How far the mock's time runs ahead of the wall clock, in seconds. */
  offsetSeconds(): number;
  reset(): void;
}

export function createClock(wallClock: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => wallClock() + offsetMs,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError(
          `clock can only advance by a finite, non-negative number of seconds (got ${seconds})`,
        );
      }
      offsetMs += seconds * 1000;
    },
    offsetSeconds: () => offsetMs / 1000,
    reset() {
      offsetMs = 0;
    },
  };
}
