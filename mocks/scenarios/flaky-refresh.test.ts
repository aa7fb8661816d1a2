import t, { type Test } from 'tap';
import { SEED } from '../../test/helpers/mock.js';
import { LOGIN, pairOf, REFRESH } from '../../test/helpers/vcf.js';
import { startMockServer } from '../server.js';
import { refreshFailures } from './flaky-refresh.js';

const json = { 'content-type': 'application/json' };

/** Each of `n` VMware refreshes over a real connection, as its status or `reset`. */
async function refreshes(t: Test, scenarios: readonly string[], n: number, seed = SEED): Promise<string[]> {
  const running = await startMockServer({ port: 0, apis: ['vcf'], seed, scenarios });
  t.teardown(() => running.close());
  const login = await fetch(`${running.url}${LOGIN}`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  const body = JSON.stringify(
    pairOf({ status: login.status, headers: login.headers, text: '', json: await login.json() }).refreshToken
      .id,
  );
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await fetch(`${running.url}${REFRESH}`, { method: 'PATCH', headers: json, body }).then(
        async (res) => {
          const text = await res.text();
          if (res.status === 500 && !/"errorCode":"VCF_INTERNAL_ERROR"|"errorCode"/.test(text))
            return 'bad-body';
          return String(res.status);
        },
        (error: Error & { cause?: { code?: string } }) =>
          error.cause?.code === 'ECONNRESET' ? 'reset' : error.message,
      ),
    );
  }
  return out;
}

const tally = (outcomes: readonly string[]) =>
  outcomes.reduce<Record<string, number>>((acc, o) => {
    acc[o] = (acc[o] ?? 0) + 1;
    return acc;
  }, {});

t.test("flaky-refresh: its share of refreshes fail with VMware's documented 500 or a reset", async (t) => {
  const run = await refreshes(t, ['flaky-refresh=0.3'], 200);
  const counts = tally(run);
  t.same(
    Object.keys(counts).sort(),
    ['200', '500', 'reset'],
    `only these outcomes: ${JSON.stringify(counts)}`,
  );
  const failed = (counts['500'] ?? 0) + (counts.reset ?? 0);
  t.ok(Math.abs(failed / 200 - 0.3) < 0.08, `about 30 % fail: ${failed}/200`);
  t.ok((counts['500'] ?? 0) > 15 && (counts.reset ?? 0) > 15, 'both kinds of failure occur');
  t.same(await refreshes(t, ['flaky-refresh=0.3'], 200), run, 'the same seed fails the same refreshes');
  t.not(
    (await refreshes(t, ['flaky-refresh=0.3'], 200, SEED + 1)).join(),
    run.join(),
    'another seed, others',
  );
});

t.test('flaky-refresh=1 fails every refresh; without it none fails', async (t) => {
  t.notOk((await refreshes(t, ['flaky-refresh=1'], 20)).includes('200'));
  t.same(tally(await refreshes(t, [], 20)), { 200: 20 });
});

t.test(
  'the failures are each profile’s documented 5xx statuses (500 where only a default is documented)',
  async (t) => {
    const { loadContracts, PROFILE_IDS } = await import('../../schemas/load.js');
    const contracts = loadContracts(PROFILE_IDS);
    const failures = Object.fromEntries(
      PROFILE_IDS.map((id) => {
        const refresh = contracts.get(id)?.operations.get('refresh');
        if (!refresh) throw new Error(id);
        return [id, refreshFailures(refresh).map((f) => f.directives?.code ?? f.directives?.fault)];
      }),
    );
    t.same(failures, {
      vcf: [500, 'reset'],
      'oracle-commerce': [500, 'reset'],
      dreadnode: [500, 502, 504, 'reset'],
      flolive: [500, 'reset'],
      kirjaswappi: [500, 'reset'],
    });
  },
);
