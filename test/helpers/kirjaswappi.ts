import type { MockApp } from '../../mocks/app.js';
import { responseFor } from '../../schemas/load.js';
import { assertDocumented, call, type Reply } from './mock.js';

/** What the KirjaSwappi mock's tests share: its paths, its token pair, a login, a refresh, Spring's errors. */

export const LOGIN = '/api/v1/authenticate';
export const REFRESH = '/api/v1/authenticate/refresh';
export const demo = { username: 'demo', password: 'demo' };
export const json = { 'content-type': 'application/json' };

/** Whatever test object the shared helpers take. */
export type T = Parameters<typeof assertDocumented>[0];

export interface Tokens {
  jwtToken: string;
  refreshToken: string;
}

export async function login(mock: MockApp): Promise<Tokens> {
  const reply = await call(mock, 'POST', LOGIN, { json: demo });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.json as Tokens;
}

export async function refresh(t: T, mock: MockApp, refreshToken: unknown): Promise<Reply> {
  const reply = await call(mock, 'POST', REFRESH, { json: { refreshToken } });
  assertDocumented(t, mock, 'kirjaswappi', 'refresh', reply);
  return reply;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

/** The same token with its last signature characters replaced: well formed, wrongly signed. */
export function forge(token: string): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
}

/** A refresh whose answer may be a quirk's, outside the documented contract: not checked against it. */
export function refreshRaw(mock: MockApp, refreshToken: unknown): Promise<Reply> {
  return call(mock, 'POST', REFRESH, { json: { refreshToken } });
}

/** Whether a body is a documented KirjaSwappi error of the operation at that status. */
export function documentedError(mock: MockApp, operation: string, status: number, body: unknown): boolean {
  const op = mock.contracts.get('kirjaswappi')?.operations.get(operation);
  const validate = op && responseFor(op, status)?.validate;
  if (!validate) throw new Error(`no schema for kirjaswappi ${operation} ${status}`);
  return validate(body);
}

/** Spring Boot's default error body (DefaultErrorAttributes with include-message: never). */
export function springDefault(t: T, reply: Reply, status: number, error: string, path: string): void {
  t.equal(reply.status, status);
  t.match(reply.headers.get('content-type'), /^application\/json/);
  t.same(Object.keys(reply.json as object), ['timestamp', 'status', 'error', 'path']);
  t.match(reply.json, { timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/, status, error, path });
}
