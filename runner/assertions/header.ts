import type { HeaderAssertion } from '../suite/types.js';
import type { Assertion } from './assertion.js';

/** A header keyword: the problem with the header's value (null = absent), or undefined when it holds. */
export interface HeaderKeyword {
  readonly keyword: keyof HeaderAssertion;
  readonly problem: (value: string | null, assertion: HeaderAssertion) => string | undefined;
}

/** `exists: true` / `exists: false`. */
export const headerExists: HeaderKeyword = {
  keyword: 'exists',
  problem: (value, { exists }) =>
    exists === true && value === null
      ? 'is absent'
      : exists === false && value !== null
        ? 'is present'
        : undefined,
};

/** `matches`: a case-insensitive regular expression over the value; an absent header never matches. */
export const headerMatches: HeaderKeyword = {
  keyword: 'matches',
  problem: (value, { matches }) =>
    matches !== undefined && (value === null || !new RegExp(matches, 'i').test(value))
      ? `does not match /${matches}/`
      : undefined,
};

/** In the order they are judged: only the first problem of a header is reported. */
export const HEADER_KEYWORDS: readonly HeaderKeyword[] = [headerExists, headerMatches];

/** `headers`: each listed header, one failure per header at most. Set-Cookie lines count as one value. */
export const headers: Assertion = {
  keyword: 'headers',
  run({ response }, expect, { severity }) {
    return (expect.headers ?? []).flatMap((h) => {
      const value =
        h.name.toLowerCase() === 'set-cookie'
          ? response.setCookies.join('\n') || null
          : response.headers.get(h.name);
      const problem = HEADER_KEYWORDS.map((k) => k.problem(value, h)).find((p) => p !== undefined);
      if (!problem) return [];
      const wanted = h.matches ? `matching /${h.matches}/` : h.exists ? 'present' : 'absent';
      return [
        {
          check: 'assertion',
          title: h.title ?? `Header ${h.name} ${problem}`,
          message: `Received: ${h.name}: ${value ?? '(absent)'} / Expected: ${wanted}`,
          severity: h.severity ?? severity,
          actual: value,
        },
      ];
    });
  },
};
