import type { Test } from 'tap';
import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, type Reply } from './mock.js';

/** What the Dreadnode mock's tests share: its paths, its answers' shapes, the device login. */
export const CODE = '/api/auth/device/code';
export const TOKEN = '/api/auth/device/token';
export const REFRESH = '/api/auth/refresh';
export const USER = '/api/user';
export const PAGE = '/account/device';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// A type, not an interface: it is passed where cookies by name are expected.
export type Pair = {
  access_token: string;
  refresh_token: string;
};

export interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_url: string;
}

export interface UserBody {
  id: string;
  email_address: string;
  username: string;
  api_key: { key: string };
}

/** Step 1 and step 2 of the device login, each reply checked against the contract. */
export async function deviceLogin(t: Test, mock: MockApp): Promise<{ pair: Pair; reply: Reply }> {
  const code = await call(mock, 'POST', CODE);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  const { device_code } = code.json as DeviceCode;
  const reply = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(reply.status, 200, 'device login approved');
  assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
  return { pair: reply.json as Pair, reply };
}

export async function refresh(
  t: Test,
  mock: MockApp,
  options: Parameters<typeof call>[3] = {},
): Promise<Reply> {
  const reply = await call(mock, 'POST', REFRESH, options);
  assertDocumented(t, mock, 'dreadnode', 'refresh', reply);
  return reply;
}

export async function getUser(t: Test, mock: MockApp, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await call(mock, 'GET', USER, { headers });
  assertDocumented(t, mock, 'dreadnode', 'user', reply);
  return reply;
}

/** The Cookie header a jar would send for these cookies. */
export function cookieHeader(cookies: Readonly<Record<string, string | undefined>>): { cookie: string } {
  return {
    cookie: Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; '),
  };
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}

export function cookies(reply: Reply): string[] {
  return reply.headers.getSetCookie();
}

/** name → value of every Set-Cookie line. */
export function cookieValues(reply: Reply): Record<string, string> {
  return Object.fromEntries(
    cookies(reply).map((line) => {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

/** Every error body of the profile: the canonical envelope plus `detail`, the text the vendor's clients print. */
export function assertEnvelope(t: Test, reply: Reply, status: number, type: string): void {
  t.equal(reply.status, status, `${type}: status ${status}`);
  const body = reply.json as { status: number; message: string; type: string; detail: unknown };
  t.match(body, { status, type, message: String }, `${type}: the canonical envelope`);
  t.equal(body.detail, body.message, `${type}: detail repeats the message`);
}
