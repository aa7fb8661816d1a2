import type { MockApp } from '../../mocks/app.js';
import type { ProfileId } from '../../schemas/load.js';
import { call, type Reply } from './mock.js';

/**
 * A client of one profile that holds its tokens the way a front end would: the login's, replaced by
 * each successful refresh. Each call goes through app.request(); nothing here judges the answers.
 */
export interface TokenClient {
  readonly profile: ProfileId;
  /** The access token's lifetime in seconds, as the profile's answer says. */
  readonly accessTtl: number;
  login(): Promise<Reply>;
  /** A refresh with the held credential (or the one given); the new tokens are kept on a 2xx. */
  refresh(credential?: string): Promise<Reply>;
  /** What this client refreshes with: the refresh token (Oracle: the access token). */
  readonly credential: string;
  readonly access: string;
  /** An authenticated request, where the profile has one (Oracle's verify, Dreadnode's user). */
  use?(token?: string): Promise<Reply>;
  /** Ends the session, where the profile documents how (VMware's revoke, Oracle's logout). */
  logout?(): Promise<Reply>;
  /** The refresh operation's method and path, for requests the test shapes itself. */
  readonly refreshMethod: string;
  readonly refreshPath: string;
}

const USER = { username: 'demo', password: 'demo' };

type Held = { access: string; credential: string };

function holder(): Held {
  return { access: '', credential: '' };
}

function json(reply: Reply): Record<string, unknown> {
  return typeof reply.json === 'object' && reply.json !== null ? (reply.json as Record<string, unknown>) : {};
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function tokenClient(mock: MockApp, profile: ProfileId): TokenClient {
  const h = holder();
  const kept = (reply: Reply, update: (body: Record<string, unknown>) => void): Reply => {
    if (reply.status >= 200 && reply.status < 300) update(json(reply));
    return reply;
  };
  const base = {
    profile,
    get credential() {
      return h.credential;
    },
    get access() {
      return h.access;
    },
  };
  switch (profile) {
    case 'vcf':
      return Object.assign(base, {
        accessTtl: 3600,
        refreshMethod: 'PATCH',
        refreshPath: '/v1/tokens/access-token/refresh',
        login: async () =>
          kept(await call(mock, 'POST', '/v1/tokens', { json: USER }), (b) => {
            h.access = str(b.accessToken);
            h.credential = str((b.refreshToken as { id?: unknown } | undefined)?.id);
          }),
        refresh: async (credential = h.credential) => {
          const reply = await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', { json: credential });
          if (reply.status === 200) h.access = str(reply.json);
          return reply;
        },
        logout: () => call(mock, 'DELETE', '/v1/tokens/refresh-token', { json: h.credential }),
      });
    case 'oracle-commerce': {
      const take = (b: Record<string, unknown>) => {
        h.access = str(b.access_token);
        h.credential = h.access;
      };
      const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
      return Object.assign(base, {
        accessTtl: 900,
        refreshMethod: 'POST',
        refreshPath: '/ccstore/v1/refresh',
        login: async () =>
          kept(
            await call(mock, 'POST', '/ccstore/v1/login', { form: { grant_type: 'password', ...USER } }),
            take,
          ),
        refresh: async (credential = h.credential) =>
          kept(await call(mock, 'POST', '/ccstore/v1/refresh', bearer(credential)), take),
        use: (token = h.access) => call(mock, 'POST', '/ccstore/v1/verify', bearer(token)),
        logout: () => call(mock, 'POST', '/ccstore/v1/logout', bearer(h.access)),
      });
    }
    case 'dreadnode': {
      const take = (b: Record<string, unknown>) => {
        h.access = str(b.access_token);
        h.credential = str(b.refresh_token);
      };
      return Object.assign(base, {
        accessTtl: 3600,
        refreshMethod: 'POST',
        refreshPath: '/api/auth/refresh',
        login: async () => {
          const code = await call(mock, 'POST', '/api/auth/device/code');
          const device_code = str(json(code).device_code);
          return kept(await call(mock, 'POST', '/api/auth/device/token', { json: { device_code } }), take);
        },
        refresh: async (credential = h.credential) =>
          kept(await call(mock, 'POST', '/api/auth/refresh', { json: { refresh_token: credential } }), take),
        use: (token = h.access) =>
          call(mock, 'GET', '/api/user', { headers: { authorization: `Bearer ${token}` } }),
      });
    }
    case 'flolive': {
      const take = (b: Record<string, unknown>) => {
        const item = (Array.isArray(b.content) ? b.content[0] : {}) as Record<string, unknown>;
        h.access = str(item.token);
        h.credential = str(item.refreshToken);
      };
      return Object.assign(base, {
        accessTtl: 3600,
        refreshMethod: 'PUT',
        refreshPath: '/api/v2/auth/token',
        login: async () => kept(await call(mock, 'POST', '/api/v2/auth/token', { json: USER }), take),
        refresh: async (credential = h.credential) =>
          kept(
            await call(mock, 'PUT', '/api/v2/auth/token', {
              json: { token: h.access, refreshToken: credential },
            }),
            take,
          ),
      });
    }
    case 'kirjaswappi':
      return Object.assign(base, {
        accessTtl: 300,
        refreshMethod: 'POST',
        refreshPath: '/api/v1/authenticate/refresh',
        login: async () =>
          kept(await call(mock, 'POST', '/api/v1/authenticate', { json: USER }), (b) => {
            h.access = str(b.jwtToken);
            h.credential = str(b.refreshToken);
          }),
        refresh: async (credential = h.credential) =>
          kept(
            await call(mock, 'POST', '/api/v1/authenticate/refresh', { json: { refreshToken: credential } }),
            (b) => {
              h.access = str(b.jwtToken);
            },
          ),
      });
  }
}
