import type { Check } from './check.js';

const TOKEN_KEY = /token/i;
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function carriesToken(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return depth === 0 && JWS.test(value);
  if (depth > 4 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => carriesToken(v, depth + 1));
  return Object.entries(value).some(
    ([k, v]) => (TOKEN_KEY.test(k) && typeof v === 'string' && v !== '') || carriesToken(v, depth + 1),
  );
}

/** RFC 6749 §5.1: a response carrying tokens must not be cached. */
export const cacheControlNoStore: Check = {
  name: 'cache_control_no_store',
  run: ({ response, json }) => {
    if (response.status < 200 || response.status >= 300 || !json.ok || !carriesToken(json.value)) return [];
    const cacheControl = response.headers.get('cache-control') ?? '';
    if (/(^|,)\s*no-store\s*(,|$)/i.test(cacheControl)) return [];
    return [
      {
        title: 'Token response without Cache-Control: no-store',
        message: `Received: Cache-Control: ${cacheControl || '(absent)'} / Expected: no-store (RFC 6749 §5.1)`,
        expected: 'no-store',
        actual: cacheControl || null,
      },
    ];
  },
};
