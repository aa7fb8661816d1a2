import t from 'tap';
import { SEED } from '../../test/helpers/mock.js';
import { startMockServer } from '../server.js';

const json = { 'content-type': 'application/json' };
const TOKEN = '/api/v2/auth/token';

t.test(
  'lost-refresh: the refresh is carried out, its answer lost; the retry meets reuse detection',
  async (t) => {
    const running = await startMockServer({
      port: 0,
      apis: ['flolive'],
      seed: SEED,
      scenarios: ['lost-refresh=1'],
    });
    t.teardown(() => running.close());
    const login = await fetch(`${running.url}${TOKEN}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    });
    const { token, refreshToken } = (
      (await login.json()) as { content: { token: string; refreshToken: string }[] }
    ).content[0] ?? { token: '', refreshToken: '' };
    const body = JSON.stringify({ token, refreshToken });
    const lost = await fetch(`${running.url}${TOKEN}`, { method: 'PUT', headers: json, body }).then(
      (res) => String(res.status),
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
    );
    t.equal(lost, 'ECONNRESET', 'the answer never arrives');
    const sessions = () =>
      fetch(`${running.url}/__admin/sessions`).then((r) => r.json()) as Promise<
        { refreshTokens: unknown[]; revokedReason?: string }[]
      >;
    t.equal(
      (await sessions())[0]?.refreshTokens.length,
      2,
      'yet the refresh happened: the family has a new token',
    );
    running.mock.services.scenarios.clear();
    const retry = await fetch(`${running.url}${TOKEN}`, { method: 'PUT', headers: json, body });
    t.equal(retry.status, 401, 'the retry presents a rotated token');
    t.match(await retry.json(), { errorCode: 'AUTH_1002' });
    t.equal((await sessions())[0]?.revokedReason, 'reuse-detected', 'and the whole family is revoked');
    const { requests: journal } = (await fetch(`${running.url}/__admin/requests`).then((r) => r.json())) as {
      requests: { operation?: string; forced?: unknown; fault?: string }[];
    };
    t.match(
      journal.filter((e) => e.operation === 'refresh'),
      [{ forced: undefined }, { forced: { by: 'scenario', scenario: 'lost-refresh' }, fault: 'reset' }],
      'the journal says which scenario lost it',
    );
  },
);

t.test('in-process, where there is no connection to reset, it is the directive error', async (t) => {
  const { mockApp, call } = await import('../../test/helpers/mock.js');
  const mock = mockApp(t, ['flolive'], { scenarios: ['lost-refresh=1'] });
  const login = await call(mock, 'POST', TOKEN, { json: { username: 'demo', password: 'demo' } });
  const pair = (login.json as { content: { token: string; refreshToken: string }[] }).content[0];
  const reply = await call(mock, 'PUT', TOKEN, { json: pair });
  t.equal(reply.status, 400);
  t.match(reply.text, /fault=reset needs a real connection/);
});
