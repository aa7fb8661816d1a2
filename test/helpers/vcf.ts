import type { MockApp } from '../../mocks/app.js';
import { call, type Reply } from './mock.js';

/** What the VMware mock's tests share: its paths, its token pair, a login, a hand-made JWS. */

export const LOGIN = '/v1/tokens';
export const REFRESH = '/v1/tokens/access-token/refresh';
export const REVOKE = '/v1/tokens/refresh-token';
export const demo = { username: 'demo', password: 'demo' };

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: { readonly id: string };
}

/** The TokenPair of a login answer, read member by member: a body that is not one fails loudly. */
export function pairOf(reply: Reply): TokenPair {
  const body = reply.json;
  if (
    typeof body === 'object' &&
    body !== null &&
    'accessToken' in body &&
    typeof body.accessToken === 'string' &&
    'refreshToken' in body &&
    typeof body.refreshToken === 'object' &&
    body.refreshToken !== null &&
    'id' in body.refreshToken &&
    typeof body.refreshToken.id === 'string'
  ) {
    return { accessToken: body.accessToken, refreshToken: { id: body.refreshToken.id } };
  }
  throw new Error(`not a TokenPair (${reply.status}): ${reply.text}`);
}

export const logIn = async (mock: MockApp): Promise<TokenPair> =>
  pairOf(await call(mock, 'POST', LOGIN, { json: demo }));

export const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS as an identity provider would issue it; the signature is never checked, only present. */
export const jws = (
  claims: unknown,
  header: unknown = { alg: 'RS256', typ: 'JWT' },
  signature = 'c2lnbmF0dXJl',
) => `${part(header)}.${part(claims)}.${signature}`;
