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
