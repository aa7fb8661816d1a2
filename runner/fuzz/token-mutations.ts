import type { HttpRequest } from '../http.js';
import { forgedJwt, type Mutation, TOKEN_NAME, withBody } from './mutation.js';

/** A body member that carries a token, and the rest of the valid body around it. */
export interface TokenMember {
  readonly name: string;
  readonly current: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
  readonly encode: (value: Record<string, unknown>) => string;
}

/**
 * A token-named member's mutations: forged (re-signed, expired) copies of the token, swapped with
 * another token member, or moved out of the body where the body may lack it.
 */
export function tokenMemberMutations(
  { name, current, value, required, encode }: TokenMember,
  forgeKey: Buffer,
): Mutation[] {
  const out: Mutation[] = [];
  out.push(
    {
      id: `jwt-bad-signature:${name}`,
      description: `${name} re-signed with an unknown key`,
      expect: 'reject',
      apply: (r) => withBody(r, encode({ ...value, [name]: forgedJwt(current, {}, forgeKey) })),
    },
    {
      id: `jwt-expired:${name}`,
      description: `${name} with exp in the past`,
      expect: 'reject',
      apply: (r) =>
        withBody(
          r,
          encode({
            ...value,
            [name]: forgedJwt(current, { exp: 1_000_000_000, iat: 999_999_000 }, forgeKey),
          }),
        ),
    },
  );
  const other = Object.keys(value).find(
    (k) => k !== name && TOKEN_NAME.test(k) && typeof value[k] === 'string',
  );
  if (other && required.includes(name)) {
    out.push({
      id: `swapped:${name}:${other}`,
      description: `${name} and ${other} swapped`,
      expect: 'reject',
      apply: (r) => withBody(r, encode({ ...value, [name]: value[other], [other]: current })),
    });
  }
  if (!required.includes(name)) {
    // The documented alternative (Dreadnode: cookie instead of body) and an undocumented one
    // (a bearer header) may both work; neither may break the server.
    const rest = { ...value };
    delete rest[name];
    out.push(
      {
        id: `moved:${name}:cookie`,
        description: `${name} sent as a cookie instead of in the body`,
        expect: 'survive',
        apply: (r) => ({
          ...withBody(r, encode(rest)),
          headers: { ...withBody(r, encode(rest)).headers, cookie: `${name}=${current}` },
        }),
      },
      {
        id: `moved:${name}:bearer`,
        description: `${name} sent as a bearer token instead of in the body`,
        expect: 'survive',
        apply: (r) => ({
          ...withBody(r, encode(rest)),
          headers: { ...withBody(r, encode(rest)).headers, authorization: `Bearer ${current}` },
        }),
      },
    );
  }
  return out;
}

/** The request's bearer token, missing, garbled, forged, under another scheme or moved into the body. */
export function bearerMutations(base: HttpRequest, takesContent: boolean, forgeKey: Buffer): Mutation[] {
  const out: Mutation[] = [];
  const bearer = base.headers.authorization;
  if (bearer?.startsWith('Bearer ')) {
    const token = bearer.slice(7);
    const withAuth = (r: HttpRequest, value: string | undefined): HttpRequest => {
      const headers = { ...r.headers };
      if (value === undefined) delete headers.authorization;
      else headers.authorization = value;
      return { ...r, headers };
    };
    out.push(
      {
        id: 'bearer:missing',
        description: 'no Authorization header',
        expect: 'reject',
        apply: (r) => withAuth(r, undefined),
      },
      {
        id: 'bearer:garbage',
        description: 'a bearer that is not a token',
        expect: 'reject',
        apply: (r) => withAuth(r, 'Bearer not-a-token'),
      },
      {
        id: 'bearer:bad-signature',
        description: 'the bearer re-signed with an unknown key',
        expect: 'reject',
        apply: (r) => withAuth(r, `Bearer ${forgedJwt(token, {}, forgeKey)}`),
      },
      {
        id: 'bearer:expired',
        description: 'the bearer with exp in the past',
        expect: 'reject',
        apply: (r) => withAuth(r, `Bearer ${forgedJwt(token, { exp: 1_000_000_000 }, forgeKey)}`),
      },
      {
        id: 'bearer:scheme',
        description: 'the token under the Basic scheme',
        expect: 'reject',
        apply: (r) => withAuth(r, `Basic ${token}`),
      },
    );
    if (takesContent) {
      out.push({
        id: 'bearer:in-body',
        description: 'the bearer token moved into the body',
        expect: 'reject',
        apply: (r) =>
          withAuth(withBody(r, JSON.stringify({ access_token: token }), 'application/json'), undefined),
      });
    }
  }
  return out;
}
