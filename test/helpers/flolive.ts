import type { Test } from 'tap';
import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, type Reply } from './mock.js';

/** What the floLIVE mock's tests share: its path, its token pair, a NAK, a login and a refresh. */

export const TOKEN = '/api/v2/auth/token';
export const demo = { username: 'demo', password: 'demo' };

export interface Pair {
  token: string;
  refreshToken: string;
}

export const NAK = { content: '', pageable: '' };

export async function login(t: Test, mock: MockApp, body: unknown = demo): Promise<Reply> {
  const reply = await call(mock, 'POST', TOKEN, { json: body });
  assertDocumented(t, mock, 'flolive', 'login', reply);
  return reply;
}

export async function refresh(t: Test, mock: MockApp, options: Parameters<typeof call>[3]): Promise<Reply> {
  const reply = await call(mock, 'PUT', TOKEN, options);
  assertDocumented(t, mock, 'flolive', 'refresh', reply);
  return reply;
}

export function pairOf(reply: Reply): Pair & { customerId?: string; validityTime: number } {
  const item = (reply.json as { content: (Pair & { customerId?: string; validityTime: number })[] })
    .content[0];
  if (!item) throw new Error(`no content in ${reply.text}`);
  return item;
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}
