import t, { type Test } from 'tap';
import type { ProfileId } from '../schemas/load.js';
import { deviceLogin, REFRESH, USER } from './helpers/dreadnode.js';
import { call, mockApp } from './helpers/mock.js';

type Mock = ReturnType<typeof mockApp>;
const demo = { username: 'demo', password: 'demo' };

/** The answer's body; its shape is the profile's documented one, checked by the profile's own tests. */
async function body<T>(reply: Promise<{ json: unknown }>): Promise<T> {
  return (await reply).json as T;
}

/** Each profile's login and what follows it, as a client does; the last request has an unknown token. */
const FLOWS: Record<ProfileId, (t: Test, mock: Mock) => Promise<void>> = {
  vcf: async (_t, mock) => {
    const login = await body<{ refreshToken: { id: string } }>(
      call(mock, 'POST', '/v1/tokens', { json: demo }),
    );
    const id = login.refreshToken.id;
    await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', { json: id });
    await call(mock, 'DELETE', '/v1/tokens/refresh-token', { json: id });
    await call(mock, 'PATCH', '/v1/tokens/access-token/refresh', {
      json: '3f0c8a52-6a3e-4c1b-9d7e-2b5f4e8a1c90',
    });
  },
  'oracle-commerce': async (_t, mock) => {
    const form = { grant_type: 'password', username: 'demo', password: 'demo' };
    const login = await body<{ access_token: string }>(call(mock, 'POST', '/ccstore/v1/login', { form }));
    const refreshed = await body<{ access_token: string }>(
      call(mock, 'POST', '/ccstore/v1/refresh', {
        headers: { authorization: `Bearer ${login.access_token}` },
      }),
    );
    const bearer = { authorization: `Bearer ${refreshed.access_token}` };
    await call(mock, 'POST', '/ccstore/v1/verify', { headers: bearer });
    await call(mock, 'POST', '/ccstore/v1/logout', { headers: bearer });
    await call(mock, 'POST', '/ccstore/v1/verify', { headers: { authorization: 'Bearer not-a-token' } });
  },
  dreadnode: async (t, mock) => {
    const { pair } = await deviceLogin(t, mock);
    const refreshed = await body<{ access_token: string }>(
      call(mock, 'POST', REFRESH, { json: { refresh_token: pair.refresh_token } }),
    );
    await call(mock, 'GET', USER, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    await call(mock, 'POST', REFRESH, { json: { refresh_token: 'not-a-token' } });
  },
  flolive: async (_t, mock) => {
    const login = await body<{ content: { token: string; refreshToken: string }[] }>(
      call(mock, 'POST', '/api/v2/auth/token', { json: demo }),
    );
    const pair = login.content[0];
    await call(mock, 'PUT', '/api/v2/auth/token', {
      json: { token: pair?.token, refreshToken: pair?.refreshToken },
    });
    await call(mock, 'PUT', '/api/v2/auth/token', { json: { token: 'x', refreshToken: 'not-a-token' } });
  },
  kirjaswappi: async (_t, mock) => {
    const login = await body<{ refreshToken: string }>(
      call(mock, 'POST', '/api/v1/authenticate', { json: demo }),
    );
    await call(mock, 'POST', '/api/v1/authenticate/refresh', { json: { refreshToken: login.refreshToken } });
    await call(mock, 'POST', '/api/v1/authenticate/refresh', { json: { refreshToken: 'not-a-token' } });
  },
};

for (const profile of Object.keys(FLOWS) as ProfileId[]) {
  t.test(`${profile}: the journal names the session each request touched`, async (t) => {
    const mock = mockApp(t, [profile]);
    await FLOWS[profile](t, mock);
    const sessions = await body<{ id: string }[]>(call(mock, 'GET', '/__admin/sessions'));
    t.equal(sessions.length, 1, 'one login, one session');
    const { requests } = await body<{ requests: { operation?: string; session?: string }[] }>(
      call(mock, 'GET', '/__admin/requests'),
    );
    const [unknown, ...known] = requests;
    t.equal(unknown?.session, undefined, 'a token no session holds touches none');
    // Dreadnode's device code comes before any session.
    const touched = known.filter((r) => r.operation !== 'device-code');
    t.ok(touched.length >= 2);
    for (const r of touched) t.equal(r.session, sessions[0]?.id, `${r.operation} is the session's`);
  });
}
