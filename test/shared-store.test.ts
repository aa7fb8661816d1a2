import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { testRedis } from './helpers/redis.js';
import {
  DEMO,
  FLOLIVE,
  flolivePair,
  send,
  sharedMocks,
  VCF_LOGIN,
  VCF_REFRESH,
  VCF_REVOKE,
  vcfLogin,
} from './helpers/shared-mocks.js';

// Several `tokenrig mock --store redis://…` processes over one real redis-server, as instances behind
// a load balancer: each request below goes to one instance, and the others must behave as the same mock.

t.test('three instances: a token issued on A refreshes on B and is revoked on C', async (t) => {
  const redis = await testRedis(t);
  const [a, b, c] = await sharedMocks(t, redis.url, 3);
  if (!a || !b || !c) throw new Error('three mocks');
  const id = await vcfLogin(a.url);
  t.equal((await send(b.url, 'PATCH', VCF_REFRESH, id)).status, 200, 'B refreshes what A issued');
  t.equal((await send(c.url, 'DELETE', VCF_REVOKE, id)).status, 204, 'C revokes it');
  for (const [name, mock] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const after = await send(mock.url, 'PATCH', VCF_REFRESH, id);
    t.not(after.status, 200, `revoked on C: refused on ${name}`);
    t.match(after.json, { errorCode: String }, "in VMware's envelope");
  }
  t.match(a.stdout(), /store: redis at 127\.0\.0\.1:\d+, database 0/, 'the banner names the store');
  t.match(a.stdout(), /\(seed (\d+)\)/);
  t.equal(/\(seed (\d+)\)/.exec(b.stdout())?.[1], /\(seed (\d+)\)/.exec(a.stdout())?.[1], 'one seed for all');
});

t.test('the control: two mocks without a shared store are two mocks, and the checks here fail', async (t) => {
  const [a, b] = await sharedMocks(t, 'memory', 2, ['--api', 'vcf']);
  if (!a || !b) throw new Error('two mocks');
  const id = await vcfLogin(a.url);
  t.equal((await send(b.url, 'PATCH', VCF_REFRESH, id)).status, 404, "A's token is unknown to B");
  await send(a.url, 'POST', '/__admin/faults', { status: 500, count: 3 });
  t.same((await send(b.url, 'GET', '/__admin/faults')).json, [], "and A's rules are A's");
});

t.test(
  'one rotating token sent to A and B at once, 50 times: one success, and the reuse revokes everywhere',
  async (t) => {
    const redis = await testRedis(t);
    const [a, b] = await sharedMocks(t, redis.url, 2, ['--api', 'flolive']);
    if (!a || !b) throw new Error('two mocks');
    let winsOnA = 0;
    for (let round = 0; round < 50; round++) {
      const pair = flolivePair(await send(round % 2 ? a.url : b.url, 'POST', FLOLIVE, DEMO));
      const answers = await Promise.all([
        send(a.url, 'PUT', FLOLIVE, pair),
        send(b.url, 'PUT', FLOLIVE, pair),
      ]);
      const wins = answers.filter((x) => x.status === 200);
      if (wins.length !== 1) {
        t.fail(`round ${round}: ${wins.length} refreshes succeeded`, { answers });
        continue;
      }
      if (answers[0]?.status === 200) winsOnA++;
      const loser = answers.find((x) => x.status !== 200);
      if (!loser || (loser.json as { errorCode?: string }).errorCode !== 'AUTH_1002') {
        t.fail(`round ${round}: the loser was not floLIVE's AUTH_1002`, { loser });
      }
      // The loser presented a rotated token: a reuse, which revokes the family on both instances.
      const next = flolivePair(wins[0] ?? { status: 0, json: undefined });
      const onA = await send(a.url, 'PUT', FLOLIVE, next);
      const onB = await send(b.url, 'PUT', FLOLIVE, next);
      if (onA.status === 200 || onB.status === 200)
        t.fail(`round ${round}: the family lived on after a reuse`);
    }
    t.pass('exactly one success in each of 50 rounds, and every family revoked by its replay');
    t.ok(winsOnA > 0 && winsOnA < 50, `both instances won some rounds (A: ${winsOnA} of 50)`);
  },
);

t.test('a fault rule with count 3 set through A is used exactly three times across A and B', async (t) => {
  const redis = await testRedis(t);
  const [a, b] = await sharedMocks(t, redis.url, 2, ['--api', 'vcf']);
  if (!a || !b) throw new Error('two mocks');
  const rule = { profile: 'vcf', operation: 'login', status: 500, count: 3 };
  t.equal((await send(a.url, 'POST', '/__admin/faults', rule)).status, 201);
  t.match((await send(b.url, 'GET', '/__admin/faults')).json, [{ id: 'rule-1', remaining: 3 }], 'B has it');
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => send(i % 2 ? a.url : b.url, 'POST', VCF_LOGIN, DEMO)),
  );
  const statuses = answers.map((x) => x.status);
  t.equal(statuses.filter((s) => s === 500).length, 3, `three 500s of twelve logins (${statuses})`);
  t.equal(statuses.filter((s) => s === 200).length, 9, 'the others logged in');
  t.same((await send(a.url, 'GET', '/__admin/faults')).json, [], 'used up: gone on A');
  t.same((await send(b.url, 'GET', '/__admin/faults')).json, [], 'and on B');
});

t.test('run-time state is one mock: users, clock, quirks and resets seen by every instance', async (t) => {
  const redis = await testRedis(t);
  const [a, b] = await sharedMocks(t, redis.url, 2);
  if (!a || !b) throw new Error('two mocks');
  t.equal((await send(a.url, 'POST', '/__admin/users', { username: 'ann', password: 'pw' })).status, 201);
  t.equal(
    (await send(b.url, 'POST', VCF_LOGIN, { username: 'ann', password: 'pw' })).status,
    200,
    'a user added on A logs in on B',
  );
  await send(a.url, 'POST', '/__admin/clock', { advance: 600 });
  t.match((await send(b.url, 'GET', '/__admin/clock')).json, { offsetSeconds: 600 }, "A's clock move, on B");
  const quirk = { enable: ['kirjaswappi.malformed-token-500'] };
  t.equal((await send(b.url, 'POST', '/__admin/quirks', quirk)).status, 200);
  const malformed = await send(a.url, 'POST', '/api/v1/authenticate/refresh', { refreshToken: 'x' });
  t.equal(malformed.status, 500, "B's quirk switched on answers on A");
  t.equal((await send(b.url, 'POST', '/__admin/reset')).status, 204);
  t.match((await send(a.url, 'GET', '/__admin/clock')).json, { offsetSeconds: 0 }, 'reset on B: A is back');
  t.not((await send(a.url, 'POST', VCF_LOGIN, { username: 'ann', password: 'pw' })).status, 200, 'ann gone');
  t.not(
    (await send(a.url, 'POST', '/api/v1/authenticate/refresh', { refreshToken: 'x' })).status,
    500,
    'the quirk off again',
  );
  // Namespaces over the store: their own world on every instance, apart from the mock's own.
  const ns = { 'tokenrig-namespace': 'job-1' };
  await send(a.url, 'POST', '/__admin/clock', { advance: 60 }, ns);
  t.match((await send(b.url, 'GET', '/__admin/clock', undefined, ns)).json, { offsetSeconds: 60 });
  t.match((await send(b.url, 'GET', '/__ns/job-1/__admin/clock')).json, { offsetSeconds: 60 }, 'by prefix');
  t.match((await send(b.url, 'GET', '/__admin/clock')).json, { offsetSeconds: 0 }, 'the own world unmoved');
});

t.test('kill -9 of one instance under load loses no session: the others serve every family', async (t) => {
  const redis = await testRedis(t);
  const mocks = await sharedMocks(t, redis.url, 3, ['--api', 'vcf']);
  const [a, b, c] = mocks;
  if (!a || !b || !c) throw new Error('three mocks');
  const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => vcfLogin(mocks[i % 3]?.url ?? a.url)));
  let killed = false;
  const failures: string[] = [];
  let served = 0;
  const worker = async (w: number) => {
    for (let i = 0; !killed || i < 40; i++) {
      const target = mocks[(w + i) % 3] ?? a;
      const id = ids[(w * 7 + i) % ids.length] ?? '';
      const answer = await send(target.url, 'PATCH', VCF_REFRESH, id);
      if (target === b) continue; // Its connections die with it: that is what the kill looks like.
      if (answer.status === 200) served++;
      else failures.push(`${answer.status} on ${target === a ? 'A' : 'C'}`);
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  await sleep(300);
  b.child.kill('SIGKILL');
  killed = true;
  await load;
  t.same(failures, [], `A and C answered every request of the load (${served} refreshes)`);
  for (const id of ids) {
    const onA = await send(a.url, 'PATCH', VCF_REFRESH, id);
    const onC = await send(c.url, 'PATCH', VCF_REFRESH, id);
    if (onA.status !== 200 || onC.status !== 200)
      t.fail(`family ${id}: ${onA.status} on A, ${onC.status} on C`);
  }
  t.pass('all 30 families refresh on A and on C after B died');
});

t.test(
  'Redis restarted under load: errors while it is down, full service after, no family half-rotated',
  async (t) => {
    // Persistent, as a production Redis is: what it acknowledged before the kill is there after it.
    const redis = await testRedis(t, { persist: true });
    const [a, b] = await sharedMocks(t, redis.url, 2, ['--api', 'flolive', '--show-secrets']);
    if (!a || !b) throw new Error('two mocks');
    const pairs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        flolivePair(await send(i % 2 ? a.url : b.url, 'POST', FLOLIVE, DEMO)),
      ),
    );
    let stop = false;
    const failed: number[] = [];
    /**
     * Families whose last refresh failed. Whether its rotation was committed the client cannot know
     * (Redis may commit it and die before answering), so it stops there rather than replay a token
     * that may be rotated: that replay would be a reuse, and would revoke the family, rightly.
     */
    const uncertain = new Set<number>();
    // Each family refreshed by one client at a time, as a real client does; the newest pair it was
    // given is what it holds.
    const client = async (i: number) => {
      for (let n = 0; !stop; n++) {
        const pair = pairs[i];
        if (!pair) return;
        const answer = await send(n % 2 ? a.url : b.url, 'PUT', FLOLIVE, pair);
        if (answer.status !== 200) {
          failed.push(answer.status);
          uncertain.add(i);
          return;
        }
        pairs[i] = flolivePair(answer);
        await sleep(5);
      }
    };
    const load = Promise.all(pairs.map((_, i) => client(i)));
    await sleep(300);
    t.equal(uncertain.size, 0, 'no refresh failed while Redis was up');
    await redis.stop();
    await sleep(400);
    const admin = await send(a.url, 'POST', '/__admin/clock', { advance: 1 });
    t.equal(admin.status, 503, 'an admin change while Redis is down: 503');
    t.match(admin.json, { error: { code: 'TOKENRIG_STORE_UNAVAILABLE' } });
    await redis.start();
    await sleep(800);
    stop = true;
    await load;
    t.equal(uncertain.size, 20, 'every family met the outage');
    t.same([...new Set(failed)], [500], "each refresh that failed got floLIVE's 500");
    // No family was rotated without its successor: each one's newest refresh token is live. That is the
    // client's own, or, where Redis committed a rotation and died before answering it (the client got a
    // 500, as from any server that fails after its commit), the successor that rotation stored.
    const sessions = (await send(a.url, 'GET', '/__admin/sessions')).json as {
      id: string;
      revoked: boolean;
      refreshTokens: string[];
    }[];
    t.ok(sessions.length >= 20, 'the families are all in the store after its restart');
    let answersLost = 0;
    for (const [i, pair] of pairs.entries()) {
      const sid = JSON.parse(Buffer.from(pair.token.split('.')[1] ?? '', 'base64url').toString()).sid;
      const session = sessions.find((x) => x.id === sid);
      const newest = session?.refreshTokens.at(-1);
      if (!session || session.revoked || newest === undefined) {
        t.fail(`family ${i}: ${session ? 'revoked' : 'gone'} after the outage`);
        continue;
      }
      if (newest !== pair.refreshToken) answersLost++;
      const answer = await send(i % 2 ? b.url : a.url, 'PUT', FLOLIVE, {
        token: pair.token,
        refreshToken: newest,
      });
      if (answer.status !== 200)
        t.fail(`family ${i}: its newest token got ${answer.status} ${JSON.stringify(answer.json)}`);
    }
    t.pass(
      `all 20 families go on after Redis came back (${answersLost} with a rotation whose answer was lost)`,
    );
    t.ok(answersLost <= 20, 'a lost answer is at most one rotation per family');
    t.equal(
      (await send(b.url, 'POST', '/__admin/clock', { advance: 1 })).status,
      200,
      'admin changes work again',
    );
  },
);
