import type { MockContext } from '../core/types.js';

/**
 * Both token cookies live at `Path=/`. The vendor's client keeps them in one jar and reads each back by
 * name alone (dreadnode/cli v0.2.2 `dreadnode_cli/api.py`, `create_client`: `cookies.get("refresh_token")`),
 * and its jar already holds them at `/`, where the client put them itself: a Set-Cookie at another path
 * adds a second cookie of the same name instead of replacing the first, the read raises, and the rotated
 * token is never saved. `SameSite=Lax` keeps them out of cross-site requests.
 */
const ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax';

/** Max-Age attributes of the two cookies, kept in their lifetimes' order. */
export interface CookieLifetimes {
  readonly access: number;
  readonly refresh: number;
}

/** The two Set-Cookie lines of a token pair: the access token's, then the refresh token's. */
export type CookieLines = readonly [access: string, refresh: string];

/**
 * Builds the pair of token cookies. The attribute strings for the configured lifetimes are built once,
 * and again only when a scenario changes a lifetime (`ttl` is read per pair: the settings are live); a
 * pair re-sent later (the concurrent-refresh window) passes the lifetimes it has left.
 */
export function createCookieWriter(ttl: CookieLifetimes) {
  const suffix = (maxAge: number, secure: boolean) =>
    `; Max-Age=${maxAge}${ATTRIBUTES}${secure ? '; Secure' : ''}`;
  const build = (access: number, refresh: number) => ({
    access,
    refresh,
    plain: { access: suffix(access, false), refresh: suffix(refresh, false) },
    secure: { access: suffix(access, true), refresh: suffix(refresh, true) },
  });
  let built = build(ttl.access, ttl.refresh);
  const current = () => {
    if (built.access !== ttl.access || built.refresh !== ttl.refresh) built = build(ttl.access, ttl.refresh);
    return built;
  };
  return function tokenCookies(
    c: MockContext,
    access: string,
    refresh: string,
    left?: CookieLifetimes,
  ): CookieLines {
    const secure = isHttps(c);
    const attributes = left
      ? { access: suffix(left.access, secure), refresh: suffix(left.refresh, secure) }
      : current()[secure ? 'secure' : 'plain'];
    // JWTs are base64url and dots: cookie-safe as they are, so nothing is encoded.
    return [`access_token=${access}${attributes.access}`, `refresh_token=${refresh}${attributes.refresh}`];
  };
}

/** Sets the lines on the context, for an answer hono builds (`c.json`, `c.body`). */
export function setCookies(c: MockContext, lines: CookieLines): void {
  c.header('Set-Cookie', lines[0], { append: true });
  c.header('Set-Cookie', lines[1], { append: true });
}

/**
 * Whether the client reached the mock over https: its own TLS socket (the URL's scheme), or a proxy that
 * terminated TLS in front of it and says so in `X-Forwarded-Proto` (first entry: the client's own hop).
 * Trusting the header is safe here: a client that forges it over plain http only gets `Secure` cookies
 * its own jar will not send back, and the mock guards nothing else with it. Ignoring it would hand a
 * browser behind a TLS proxy cookies without `Secure`, unlike the vendor's own https deployment.
 */
export function isHttps(c: MockContext): boolean {
  if (c.req.url.startsWith('https:')) return true;
  const forwarded = c.req.header('x-forwarded-proto');
  if (forwarded === undefined) return false;
  const comma = forwarded.indexOf(',');
  return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim().toLowerCase() === 'https';
}
