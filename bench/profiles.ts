import type { ProfileId } from '../schemas/load.js';

/** What a refresh needs: the tokens of one session, as the profile hands them out. */
export type SessionState = Record<string, string>;

export interface RefreshRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface BenchProfile {
  login(url: string): Promise<SessionState>;
  refresh(state: SessionState): RefreshRequest;
  /** The session after a successful refresh (rotating profiles hand out a new refresh token). */
  next(state: SessionState, body: string): SessionState;
}

const json = { 'content-type': 'application/json' };

async function post(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string> = json,
): Promise<unknown> {
  const res = await fetch(url + path, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const credentials = JSON.stringify({ username: 'demo', password: 'demo' });

/** Each profile's stateful refresh, exactly as a client performs it (rotating profiles rotate for real). */
export const BENCH_PROFILES: Record<ProfileId, BenchProfile> = {
  vcf: {
    login: async (url) => ({
      id: ((await post(url, '/v1/tokens', credentials)) as { refreshToken: { id: string } }).refreshToken.id,
    }),
    refresh: (s) => ({
      method: 'PATCH',
      path: '/v1/tokens/access-token/refresh',
      headers: json,
      body: JSON.stringify(s.id),
    }),
    next: (s) => s,
  },
  'oracle-commerce': {
    login: async (url) => ({
      token: (
        (await post(url, '/ccstore/v1/login', 'grant_type=password&username=demo&password=demo', {
          'content-type': 'application/x-www-form-urlencoded',
        })) as { access_token: string }
      ).access_token,
    }),
    refresh: (s) => ({
      method: 'POST',
      path: '/ccstore/v1/refresh',
      headers: { authorization: `Bearer ${s.token}` },
    }),
    next: (_s, body) => ({ token: (JSON.parse(body) as { access_token: string }).access_token }),
  },
  dreadnode: {
    login: async (url) => {
      // The device-code request has no body in Dreadnode's document (Prism refuses one).
      const code = (await post(url, '/api/auth/device/code', '', {})) as { device_code: string };
      const pair = (await post(
        url,
        '/api/auth/device/token',
        JSON.stringify({ device_code: code.device_code }),
      )) as {
        refresh_token: string;
      };
      return { refresh: pair.refresh_token };
    },
    refresh: (s) => ({
      method: 'POST',
      path: '/api/auth/refresh',
      headers: json,
      body: JSON.stringify({ refresh_token: s.refresh }),
    }),
    next: (_s, body) => ({ refresh: (JSON.parse(body) as { refresh_token: string }).refresh_token }),
  },
  flolive: {
    login: async (url) => {
      const c = (
        (await post(url, '/api/v2/auth/token', credentials)) as {
          content: { token: string; refreshToken: string }[];
        }
      ).content[0];
      return { token: c?.token ?? '', refresh: c?.refreshToken ?? '' };
    },
    refresh: (s) => ({
      method: 'PUT',
      path: '/api/v2/auth/token',
      headers: json,
      body: JSON.stringify({ token: s.token, refreshToken: s.refresh }),
    }),
    next: (_s, body) => {
      const c = (JSON.parse(body) as { content: { token: string; refreshToken: string }[] }).content[0];
      return { token: c?.token ?? '', refresh: c?.refreshToken ?? '' };
    },
  },
  kirjaswappi: {
    login: async (url) => ({
      refresh: ((await post(url, '/api/v1/authenticate', credentials)) as { refreshToken: string })
        .refreshToken,
    }),
    refresh: (s) => ({
      method: 'POST',
      path: '/api/v1/authenticate/refresh',
      headers: json,
      body: JSON.stringify({ refreshToken: s.refresh }),
    }),
    next: (s) => s,
  },
};
