import type { ClientRule } from './rule.js';
import { accessAfterExpiry } from './rules/access-after-expiry.js';
import { concurrentRotation } from './rules/concurrent-rotation.js';
import { loginPerRequest } from './rules/login-per-request.js';
import { refreshAfterRevocation } from './rules/refresh-after-revocation.js';
import { refreshStorm } from './rules/refresh-storm.js';
import { rejectedRefreshRetried } from './rules/rejected-refresh-retried.js';
import { retryAfterIgnored } from './rules/retry-after-ignored.js';
import { rotatedTokenReused } from './rules/rotated-token-reused.js';
import { tokenInQuery } from './rules/token-in-query.js';

export interface Reference {
  readonly title: string;
  readonly url?: string;
}

/** A rule as the report applies it: with its severity and the public clause it rests on. */
export interface ListedRule {
  readonly rule: ClientRule;
  /** `must` only where an RFC or the vendor's documentation says so; `should` otherwise. */
  readonly severity: 'must' | 'should';
  readonly reference: Reference;
}

const rfc = (n: number, section: string, title: string): Reference => ({
  title: `RFC ${n} §${section}: ${title}`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
});

/** Every client rule, in the order the report lists their findings. */
export const CLIENT_RULES: readonly ListedRule[] = [
  {
    rule: concurrentRotation,
    // RFC 9700 describes the consequence (the family revoked), it does not forbid the client's race.
    severity: 'should',
    reference: rfc(9700, '4.14.2', 'Refresh Token Protection (refresh token rotation)'),
  },
  {
    rule: rotatedTokenReused,
    // "the client MUST discard the old refresh token and replace it with the new refresh token".
    severity: 'must',
    reference: rfc(6749, '6', 'Refreshing an Access Token'),
  },
  {
    rule: rejectedRefreshRetried,
    severity: 'should',
    reference: rfc(6749, '5.2', 'Error Response (invalid_grant)'),
  },
  {
    rule: refreshAfterRevocation,
    severity: 'should',
    reference: rfc(7009, '2', 'Token Revocation'),
  },
  {
    rule: refreshStorm,
    severity: 'should',
    reference: rfc(6749, '1.5', 'Refresh Token'),
  },
  {
    rule: retryAfterIgnored,
    severity: 'should',
    reference: rfc(9110, '10.2.3', 'Retry-After'),
  },
  {
    rule: tokenInQuery,
    // RFC 9700 §4.3.2: "Clients MUST NOT pass access tokens in a URI query parameter in the way
    // described in Section 2.3 of [RFC6750]".
    severity: 'must',
    reference: {
      title: 'RFC 9700 §4.3.2: Access Token in Browser History (the URI query method of RFC 6750 §2.3)',
      url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.3.2',
    },
  },
  {
    rule: accessAfterExpiry,
    severity: 'should',
    reference: rfc(6750, '3.1', 'Error Codes (invalid_token: the access token provided is expired)'),
  },
  {
    rule: loginPerRequest,
    severity: 'should',
    reference: rfc(6749, '1.5', 'Refresh Token'),
  },
];
