import t, { type Test } from 'tap';
import { testRedis } from '../../test/helpers/redis.js';
import { type RunningMock, startMockServer } from '../server.js';
import { StoreSeedError } from '../store.js';
import { parseStoreUrl, StoreUnreachableError } from './redis-connection.js';

// Two mock servers in this process over one real redis-server: what two instances of one mock are,
// with the shared state's every part exercised here (the process-level tests are test/shared-store.test.ts).

async function twoMocks(t: Test, apis?: string[]) {
  const redis = await testRedis(t);
  const store = parseStoreUrl(redis.url);
  const lines: string[] = [];
  const start = () =>
    startMockServer({
      port: 0,
      store,
      storeLog: (line) => lines.push(line),
      showSecrets: true,
      // Checked by the profile list's own type at the call sites below.
      ...(apis ? { apis: apis as never[] } : {}),
    });
  const a = await start();
  const b = await start();
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  return { redis, store, a, b, lines };
}

async function call(mock: RunningMock, method: string, path: string, body?: unknown, headers = {}) {
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, text };
}

t.test('every part of the run-time state set through one instance holds on the other', async (t) => {
  const { a, b } = await twoMocks(t);
  t.equal(a.mock.seed, b.mock.seed, 'the second joined the first one’s seed');
  t.match((await call(a, 'GET', '/__admin/health')).json, { store: 'redis', pid: process.pid });
  t.equal((await call(a, 'POST', '/__admin/users', { username: 'ann', password: 'pw' })).status, 201);
  t.match((await call(b, 'GET', '/__admin/users')).json, [{ username: 'demo' }, { username: 'ann' }]);
  t.equal((await call(b, 'DELETE', '/__admin/users/ann')).status, 204);
  t.same(
    ((await call(a, 'GET', '/__admin/users')).json as { username: string }[]).map((u) => u.username),
    ['demo'],
  );
  await call(a, 'POST', '/__admin/clock', { advance: 90 });
  t.match((await call(b, 'GET', '/__admin/clock')).json, { offsetSeconds: 90 });
  t.equal((await call(b, 'PUT', '/__admin/quirks/kirjaswappi.malformed-token-500')).status, 200);
  t.match((await call(a, 'GET', '/__admin/quirks')).json, [{ name: 'kirjaswappi.malformed-token-500' }]);
  t.ok(a.mock.services.quirks.enabled().includes('kirjaswappi.malformed-token-500'), 'on in A');
  t.equal((await call(a, 'PUT', '/__admin/scenarios/short-lived', { value: 7 })).status, 200);
  await call(b, 'GET', '/__admin/health');
  t.same(b.mock.services.scenarios.describeActive(), ['short-lived=7'], 'the scenario runs on B too');
  const rule = (
    await call(b, 'POST', '/__admin/faults', { profile: 'vcf', operation: 'login', status: 500, count: 2 })
  ).json;
  t.match(rule, { id: 'rule-1', remaining: 2 });
  const logins = await Promise.all(
    [a, b, a].map((m) => call(m, 'POST', '/v1/tokens', { username: 'demo', password: 'demo' })),
  );
  t.same(logins.map((l) => l.status).sort(), [200, 500, 500], 'count 2 across both');
  t.same((await call(a, 'GET', '/__admin/faults')).json, []);
  const kept = (await call(a, 'POST', '/__admin/faults', { profile: 'flolive', status: 500 })).json;
  t.match(kept, { id: 'rule-2' }, 'ids go on across instances');
  await call(b, 'POST', '/api/v2/auth/token', { username: 'demo', password: 'demo' });
  t.match((await call(a, 'GET', '/__admin/faults')).json, [{ id: 'rule-2', hits: 1 }], "B's hit, read on A");

  t.ok(b.mock.journal.entries().length > 0, 'B has journaled requests');
  t.equal((await call(a, 'POST', '/__admin/reset')).status, 204);
  await call(b, 'GET', '/__admin/health');
  t.equal(b.mock.services.clock.offsetSeconds(), 0, 'reset through A: B is at start-up again');
  t.same(b.mock.services.scenarios.describeActive(), []);
  t.same(b.mock.services.quirks.enabled(), []);
  t.same(b.mock.services.faults.list(), []);
  t.equal(b.mock.journal.entries().length, 0, "B's journal emptied by A's reset");
  const fresh = { profile: 'flolive', operation: 'login', status: 500 };
  t.match((await call(b, 'POST', '/__admin/faults', fresh)).json, { id: 'rule-1' }, 'ids from 1');
});

t.test("Dreadnode's device login across instances: code from A, approval on B, token on A", async (t) => {
  const { a, b } = await twoMocks(t, ['dreadnode']);
  const code = (await call(a, 'POST', '/api/auth/device/code')).json as {
    device_code: string;
    user_code: string;
  };
  t.equal(
    (await call(b, 'POST', '/api/auth/device/token', { device_code: code.device_code })).status,
    200,
    'the default auto-approval: B exchanges the code A gave',
  );
  const again = await call(a, 'POST', '/api/auth/device/token', { device_code: code.device_code });
  t.equal(again.status, 400, 'a device code is exchanged once, across instances');
  t.match(again.json, { type: 'invalid_device_code' });
  const page = await call(b, 'GET', `/account/device?code=${code.user_code}`);
  t.match(page.text, /no longer|unknown|not found|expired/i, 'the exchanged code is gone from the page');
});

t.test('Redis away: profile 500s and admin 503s; back: service resumes, state published again', async (t) => {
  const { redis, a, b, lines } = await twoMocks(t, ['vcf']);
  await call(a, 'POST', '/__admin/clock', { advance: 30 });
  await redis.stop();
  const login = await call(a, 'POST', '/v1/tokens', { username: 'demo', password: 'demo' });
  t.equal(login.status, 500, "VMware's 500");
  t.match(login.json, { errorCode: 'VCF_INTERNAL_SERVER_ERROR' });
  const change = await call(b, 'POST', '/__admin/faults', { status: 500 });
  t.equal(change.status, 503);
  t.match(change.json, { error: { code: 'TOKENRIG_STORE_UNAVAILABLE' } });
  t.same(b.mock.services.faults.list(), [], 'the refused change left nothing behind on B');
  const read = await call(a, 'GET', '/__admin/sessions');
  t.equal(read.status, 503, 'an admin read too');
  t.match(lines.join('\n'), /lost redis at 127\.0\.0\.1:\d+/);
  await redis.start();
  // Both connections, A's and B's, each say so once they are back.
  for (let i = 0; i < 50 && lines.filter((l) => l.startsWith('store: redis at')).length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const back = await call(a, 'POST', '/v1/tokens', { username: 'demo', password: 'demo' });
  t.equal(back.status, 200, 'A serves again', { lines, back });
  t.equal((await call(b, 'POST', '/v1/tokens', { username: 'demo', password: 'demo' })).status, 200);
  // An empty Redis after the restart: the instances publish what they hold again, seed included.
  t.match((await call(b, 'GET', '/__admin/clock')).json, { offsetSeconds: 30 });
  const late = await startMockServer({ port: 0, store: parseStoreUrl(redis.url), apis: ['vcf'] });
  t.teardown(() => late.close());
  t.equal(late.mock.seed, a.mock.seed, 'an instance joining after the restart takes the same seed');
  t.equal(late.mock.services.clock.offsetSeconds(), 30, 'and the same state');
});

t.test('joining refusals: another seed, no Redis', async (t) => {
  const { store, a } = await twoMocks(t, ['vcf']);
  await t.rejects(
    startMockServer({ port: 0, store, seed: a.mock.seed + 1, apis: ['vcf'] }),
    StoreSeedError,
    'a --seed that is not the store’s',
  );
  const joined = await startMockServer({ port: 0, store, seed: a.mock.seed, apis: ['vcf'] });
  t.teardown(() => joined.close());
  t.equal(joined.mock.seed, a.mock.seed, 'the same seed joins');
  await t.rejects(
    startMockServer({ port: 0, store: parseStoreUrl('redis://127.0.0.1:1/0'), apis: ['vcf'] }),
    StoreUnreachableError,
  );
});
