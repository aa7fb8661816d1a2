import { distance } from 'fastest-levenshtein';

/**
 * The candidate a mistyped `name` most likely meant, for a "did you mean" hint: one differing only in
 * case, else the nearest by edit distance within a third of the name's length (two letters swapped in
 * `usernmae` are two edits of eight). Undefined when none is that close: a far-fetched hint misleads.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const others = [...new Set(candidates)].filter((c) => c !== name).sort();
  const sameLetters = others.find((c) => c.toLowerCase() === name.toLowerCase());
  if (sameLetters) return sameLetters;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of others) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
