import type { JournalEntry } from './journal.js';

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key']);

export const REDACTED = '[redacted]';

/**
 * Headers as they may be shown in logs and the journal: credentials replaced, the scheme of an
 * Authorization header kept ("Bearer [redacted]") because it helps debugging and reveals nothing.
 */
export function redactHeaders(
  headers: Headers | Readonly<Record<string, string | string[] | undefined>>,
  showSecrets = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string][] =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]],
        );
  for (const [name, value] of entries) {
    if (showSecrets || !SECRET_HEADERS.has(name)) {
      out[name] = value;
    } else if (name === 'authorization' || name === 'proxy-authorization') {
      const space = value.indexOf(' ');
      out[name] = space > 0 ? `${value.slice(0, space)} ${REDACTED}` : REDACTED;
    } else {
      out[name] = REDACTED;
    }
  }
  return out;
}

/**
 * Query parameters that carry a credential: OAuth's token and code parameters (RFC 6749 §4.1.2, RFC 6750
 * §2.3, RFC 8628's device and user codes, Dreadnode's approval page takes `?code=`), passwords and keys.
 */
const SECRET_PARAMS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'code',
  'device_code',
  'user_code',
  'password',
  'client_secret',
  'api_key',
  'apikey',
]);

/**
 * A query string (`?a=1&code=…`, or empty) as it may be shown: the value of each credential parameter
 * replaced, the rest byte for byte as received. Names are compared case-insensitively.
 */
export function redactQuery(query: string, showSecrets = false): string {
  if (showSecrets || query === '') return query;
  return query.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, name: string) => {
    let key = name;
    try {
      key = decodeURIComponent(name.replaceAll('+', ' '));
    } catch {
      // A malformed escape is not a name we know; shown as received.
    }
    return SECRET_PARAMS.has(key.toLowerCase()) ? `${sep}${name}=${REDACTED}` : whole;
  });
}

/** A journal entry as the admin API shows it: its headers and its query redacted unless asked. */
export function redactEntry<E extends JournalEntry>(
  entry: E,
  showSecrets = false,
): E & { requestHeaders: Record<string, string> } {
  return {
    ...entry,
    query: redactQuery(entry.query, showSecrets),
    requestHeaders: redactHeaders(entry.requestHeaders, showSecrets),
  };
}
