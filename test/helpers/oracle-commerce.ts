import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, type Reply } from './mock.js';

/** What the Oracle Commerce mock's tests share: its paths, a form login, a call with a bearer token. */

export const LOGIN = '/ccstore/v1/login';
export const REFRESH = '/ccstore/v1/refresh';
export const VERIFY = '/ccstore/v1/verify';
export const LOGOUT = '/ccstore/v1/logout';
export const demo = { grant_type: 'password', username: 'demo', password: 'demo' };

export const PATHS: Readonly<Record<string, string>> = {
  login: LOGIN,
  refresh: REFRESH,
  verify: VERIFY,
  logout: LOGOUT,
};

/** Whatever test object the shared helpers take. */
export type T = Parameters<typeof assertDocumented>[0];

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function login(mock: MockApp): Promise<string> {
  const reply = await call(mock, 'POST', LOGIN, { form: demo });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return (reply.json as { access_token: string }).access_token;
}

/** Calls a bearer operation and checks the reply against that operation's contract. */
export async function withToken(t: T, mock: MockApp, op: string, token: string): Promise<Reply> {
  const reply = await call(mock, 'POST', PATHS[op] ?? '', { headers: bearer(token) });
  assertDocumented(t, mock, 'oracle-commerce', op, reply);
  return reply;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}
