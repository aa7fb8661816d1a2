import type { MockApp } from '../../mocks/app.js';
import type { RunningMock } from '../../mocks/server.js';
import type { ProfileId } from '../../schemas/load.js';
import { assertDocumented, call, type Reply } from './mock.js';

/**
 * What the mock's hardening tests share: every operation that reads a body, one login per profile, and
 * the check that the mock still serves them all after a hostile request.
 */

/** Whatever test object the shared helpers take. */
export type T = Parameters<typeof assertDocumented>[0];

export const JSON_TYPE = 'application/json';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const demo = { username: 'demo', password: 'demo' };

/** Every operation that reads a request body, with the media type it takes. */
export const BODY_OPERATIONS: readonly {
  profile: ProfileId;
  operation: string;
  method: string;
  path: string;
  type: string;
}[] = [
  { profile: 'vcf', operation: 'login', method: 'POST', path: '/v1/tokens', type: JSON_TYPE },
  {
    profile: 'vcf',
    operation: 'refresh',
    method: 'PATCH',
    path: '/v1/tokens/access-token/refresh',
    type: JSON_TYPE,
  },
  {
    profile: 'oracle-commerce',
    operation: 'login',
    method: 'POST',
    path: '/ccstore/v1/login',
    type: FORM_TYPE,
  },
  {
    profile: 'oracle-commerce',
    operation: 'refresh',
    method: 'POST',
    path: '/ccstore/v1/refresh',
    type: JSON_TYPE,
  },
  {
    profile: 'dreadnode',
    operation: 'device-token',
    method: 'POST',
    path: '/api/auth/device/token',
    type: JSON_TYPE,
  },
  { profile: 'dreadnode', operation: 'refresh', method: 'POST', path: '/api/auth/refresh', type: JSON_TYPE },
  { profile: 'flolive', operation: 'login', method: 'POST', path: '/api/v2/auth/token', type: JSON_TYPE },
  { profile: 'flolive', operation: 'refresh', method: 'PUT', path: '/api/v2/auth/token', type: JSON_TYPE },
  {
    profile: 'kirjaswappi',
    operation: 'login',
    method: 'POST',
    path: '/api/v1/authenticate',
    type: JSON_TYPE,
  },
  {
    profile: 'kirjaswappi',
    operation: 'refresh',
    method: 'POST',
    path: '/api/v1/authenticate/refresh',
    type: JSON_TYPE,
  },
];

/** One login per profile, the way each vendor's client logs in: the mock must still serve them all. */
export const LOGINS: readonly {
  profile: ProfileId;
  method: string;
  path: string;
  type: string;
  body: string;
}[] = [
  { profile: 'vcf', method: 'POST', path: '/v1/tokens', type: JSON_TYPE, body: JSON.stringify(demo) },
  {
    profile: 'oracle-commerce',
    method: 'POST',
    path: '/ccstore/v1/login',
    type: FORM_TYPE,
    body: 'grant_type=password&username=demo&password=demo',
  },
  {
    profile: 'flolive',
    method: 'POST',
    path: '/api/v2/auth/token',
    type: JSON_TYPE,
    body: JSON.stringify(demo),
  },
  {
    profile: 'kirjaswappi',
    method: 'POST',
    path: '/api/v1/authenticate',
    type: JSON_TYPE,
    body: JSON.stringify(demo),
  },
];

export function send(
  mock: MockApp,
  method: string,
  path: string,
  body: string | Uint8Array,
  type: string,
): Promise<Reply> {
  return call(mock, method, path, { body, headers: { 'content-type': type } });
}

/** Asserts a client error: 4xx, documented for the operation, in the profile's envelope. */
export function assertClientError(
  t: T,
  mock: MockApp,
  profile: ProfileId,
  operation: string,
  reply: Reply,
): void {
  t.ok(reply.status >= 400 && reply.status < 500, `${profile} ${operation}: a 4xx (got ${reply.status})`);
  assertDocumented(t, mock, profile, operation, reply);
}

export async function loginsStillWork(t: T, mock: MockApp): Promise<void> {
  for (const login of LOGINS.filter((l) => mock.profiles.includes(l.profile))) {
    const reply = await send(mock, login.method, login.path, login.body, login.type);
    t.equal(reply.status, 200, `${login.profile} still logs in`);
  }
}

export async function loginsStillWorkOver(t: T, running: RunningMock): Promise<void> {
  for (const login of LOGINS.filter((l) => running.mock.profiles.includes(l.profile))) {
    const res = await fetch(`${running.url}${login.path}`, {
      method: login.method,
      headers: { 'content-type': login.type },
      body: login.body,
    });
    await res.arrayBuffer();
    t.equal(res.status, 200, `${login.profile} still logs in over HTTP`);
  }
}
