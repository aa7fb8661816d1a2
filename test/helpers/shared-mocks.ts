import type { Test } from 'tap';
import { type SpawnedMock, spawnMock } from './spawn.js';

// What the tests of several mock processes over one Redis share: the processes, and the requests
// they send (plain fetch: each is what a client or a load balancer would send to one instance).

/** `n` processes of one mock, `tokenrig mock --store <url>` each on a free port, killed when the test ends. */
export async function sharedMocks(
  t: Test,
  url: string,
  n: number,
  args: readonly string[] = [],
): Promise<SpawnedMock[]> {
  const mocks = await Promise.all(
    Array.from({ length: n }, () => spawnMock(['--port', '0', '--quiet', '--store', url, ...args])),
  );
  t.teardown(() => {
    for (const mock of mocks) mock.child.kill('SIGKILL');
  });
  return mocks;
}

export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

/** One JSON request; a connection that fails (an instance killed) is status 0, never a throw. */
export async function send(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: kept as text, for the assertion's message.
    }
    return { status: res.status, json };
  } catch {
    return { status: 0, json: undefined };
  }
}

/** floLIVE's token pair, from a login's or a refresh's ACK; a NAK throws with its body. */
export function flolivePair(answer: Answer): { token: string; refreshToken: string } {
  const item = (answer.json as { content?: { token?: unknown; refreshToken?: unknown }[] } | undefined)
    ?.content?.[0];
  if (answer.status !== 200 || typeof item?.token !== 'string' || typeof item.refreshToken !== 'string') {
    throw new Error(`not a floLIVE pair (${answer.status}): ${JSON.stringify(answer.json)}`);
  }
  return { token: item.token, refreshToken: item.refreshToken };
}

export const FLOLIVE = '/api/v2/auth/token';
export const VCF_LOGIN = '/v1/tokens';
export const VCF_REFRESH = '/v1/tokens/access-token/refresh';
export const VCF_REVOKE = '/v1/tokens/refresh-token';
export const DEMO = { username: 'demo', password: 'demo' };

/** A VMware login's refresh-token id. */
export async function vcfLogin(base: string): Promise<string> {
  const answer = await send(base, 'POST', VCF_LOGIN, DEMO);
  const id = (answer.json as { refreshToken?: { id?: unknown } } | undefined)?.refreshToken?.id;
  if (answer.status !== 200 || typeof id !== 'string') {
    throw new Error(`VMware login failed (${answer.status}): ${JSON.stringify(answer.json)}`);
  }
  return id;
}
