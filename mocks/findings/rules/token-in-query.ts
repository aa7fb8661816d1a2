import type { ClientRequest } from '../history.js';
import { type ClientRule, count } from '../rule.js';

/** Parameter names that carry a token, compared in lower case (the vendors' and RFC 6750's names). */
const TOKEN_PARAMETERS = new Set([
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'id_token',
  'idtoken',
  'token',
  'jwttoken',
  'jwt',
]);
/** A compact JWS under any name: a JSON header ("eyJ") and two more base64url segments. */
const JWS = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;

/** The names of the query's parameters that carry a token (never their values: they are secrets). */
export function tokenParameters(query: string): string[] {
  if (query.length < 2) return [];
  const names = new Set<string>();
  for (const [name, value] of new URLSearchParams(query.slice(1))) {
    if (TOKEN_PARAMETERS.has(name.toLowerCase()) || JWS.test(value)) names.add(name);
  }
  return [...names];
}

/**
 * A token sent in the URL's query string: URLs end up in server and proxy logs, browser history and
 * Referer headers. The mock never reads a token from there, so the request also failed.
 */
export const tokenInQuery: ClientRule = {
  name: 'token-in-query',
  title: 'Token sent in the query string',
  find(history) {
    const byProfile = new Map<string, { evidence: ClientRequest[]; names: Set<string> }>();
    for (const r of history.requests) {
      const { profile, query } = r.record;
      if (profile === undefined || query === '') continue;
      const names = tokenParameters(query);
      if (names.length === 0) continue;
      const group = byProfile.get(profile) ?? { evidence: [], names: new Set<string>() };
      group.evidence.push(r);
      for (const name of names) group.names.add(name);
      byProfile.set(profile, group);
    }
    return [...byProfile].map(([profile, { evidence, names }]) => {
      const sessions = new Set(evidence.map((r) => r.record.session));
      const [session] = sessions;
      return {
        profile,
        ...(sessions.size === 1 && session !== undefined ? { session } : {}),
        message:
          `${count(evidence.length, 'request')} carried a token in the query string (parameter ` +
          `${[...names].join(', ')}). Send the access token in the Authorization header and a refresh ` +
          'token in the body or cookie the vendor documents, never in the URL.',
        evidence,
      };
    });
  },
};
