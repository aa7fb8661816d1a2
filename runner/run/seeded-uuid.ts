import { createHash } from 'node:crypto';

/**
 * Version-4-shaped UUIDs drawn from `seed`, reproducible with it. The run draws from `runner:${seed}`,
 * never the run's seed itself: the embedded mock draws its ids from that seed, and a suite's "unknown
 * id" must never be one the mock has just issued. Own code, not the mock's generator: the runner does
 * not import mocks/.
 */
export function seededUuids(seed: string): () => string {
  const key = createHash('sha256').update(seed).digest();
  let counter = 0;
  return () => {
    const bytes = createHash('sha256').update(key).update(String(counter++)).digest();
    // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex', 0, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
