import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createAjv, PROFILE_IDS, type ProfileId, SCHEMAS_DIR } from '../../schemas/load.js';
import { call, mockApp } from '../../test/helpers/mock.js';
import { type TokenClient, tokenClient } from '../../test/helpers/token-clients.js';
import type { MockApp } from '../app.js';
import type { ClientReport } from './report.js';

/**
 * Real token clients of each profile, driven through app.request() against a mock whose clock the test
 * moves: a well-behaved one gets an empty report, and each misbehaviour gets exactly its own finding.
 */

const validate = createAjv().compile(
  JSON.parse(readFileSync(join(SCHEMAS_DIR, 'client-report.schema.json'), 'utf8')),
);

async function report(t: Test, mock: MockApp): Promise<ClientReport> {
  const reply = await call(mock, 'GET', '/__admin/client-report');
  t.equal(reply.status, 200);
  t.ok(validate(reply.json), `the report matches its schema ${JSON.stringify(validate.errors)}`);
  return reply.json as ClientReport;
}

/** The rules the report names, one entry per finding, sorted. */
async function rulesFound(t: Test, mock: MockApp): Promise<string[]> {
  const { findings } = await report(t, mock);
  return findings.map((f) => f.rule).sort();
}

const RATE_LIMITED: readonly ProfileId[] = ['oracle-commerce', 'dreadnode', 'flolive'];
const ROTATING: readonly ProfileId[] = ['dreadnode', 'flolive'];

function setUp(
  t: Test,
  profile: ProfileId,
): { mock: MockApp; client: TokenClient; advance(s: number): void } {
  const mock = mockApp(t, [profile]);
  return { mock, client: tokenClient(mock, profile), advance: (s) => mock.services.clock.advance(s) };
}

/** A fault rule answering the next refresh 429; the mock adds Retry-After. */
async function rateLimitNextRefresh(t: Test, mock: MockApp, profile: ProfileId): Promise<void> {
  const rule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile, operation: 'refresh', status: 429, count: 1 },
  });
  t.equal(rule.status, 201);
}

for (const profile of PROFILE_IDS) {
  t.test(`${profile}: a well-behaved client gets an empty report`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    t.equal((await client.login()).status, 200, 'login');
    for (let round = 0; round < 4; round++) {
      // Refresh shortly before expiry, one at a time, with the token the last answer carried.
      advance(client.accessTtl * 0.9);
      if (client.use) t.equal((await client.use()).status, 200, 'the access token is used while it lives');
      t.equal((await client.refresh()).status, 200, `refresh ${round + 1}`);
    }
    if (RATE_LIMITED.includes(profile)) {
      advance(client.accessTtl * 0.9);
      await rateLimitNextRefresh(t, mock, profile);
      const limited = await client.refresh();
      t.equal(limited.status, 429);
      const wait = Number(limited.headers.get('retry-after'));
      t.ok(wait > 0, 'Retry-After says how long to wait');
      advance(wait);
      t.equal((await client.refresh()).status, 200, 'the refresh after waiting succeeds');
    }
    if (client.logout) {
      t.ok((await client.logout()).status < 300, 'logout');
      t.equal((await client.login()).status, 200, 'a new login after the logout');
    }
    const r = await report(t, mock);
    t.strictSame(r.findings, [], 'no finding');
    t.equal(r.complete, true);
    t.ok(r.requestsSeen >= 5);
  });
}

for (const profile of PROFILE_IDS) {
  t.test(`${profile}: 12-second tokens refreshed shortly before expiry are no storm`, async (t) => {
    // Three seconds of slack: the wall clock runs on under the mock's, slowly on a loaded machine.
    const mock = mockApp(t, [profile], { accessTtl: 12 });
    const client = tokenClient(mock, profile);
    t.equal((await client.login()).status, 200);
    // Over six refreshes a minute, twice the storm limit, each with a quarter of the token's life left.
    for (let i = 0; i < 12; i++) {
      mock.services.clock.advance(9);
      t.equal((await client.refresh()).status, 200, `refresh ${i + 1}`);
    }
    t.strictSame(await rulesFound(t, mock), []);
  });
}

for (const profile of ROTATING) {
  t.test(`${profile}: two refreshes of one token at once → concurrent-rotation`, async (t) => {
    const { mock, client } = setUp(t, profile);
    await client.login();
    const token = client.credential;
    const answers = await Promise.all([client.refresh(token), client.refresh(token)]);
    t.strictSame(answers.map((a) => a.status).sort(), [200, 401], 'one rotates, the other is refused');
    t.strictSame(await rulesFound(t, mock), ['concurrent-rotation']);
    const [finding] = (await report(t, mock)).findings;
    t.equal(finding?.evidence.length, 2, 'both refreshes are the evidence');
    t.equal(finding?.severity, 'should');
    t.match(finding?.reference.title, /RFC 9700 §4\.14\.2/);
    t.type(finding?.session, 'string', 'the finding names the token family');
  });

  t.test(`${profile}: the rotated token used again later → rotated-token-reused`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    await client.login();
    const old = client.credential;
    advance(client.accessTtl * 0.9);
    t.equal((await client.refresh()).status, 200);
    advance(30);
    t.equal((await client.refresh(old)).status, 401, 'the rotated token is refused');
    advance(30);
    t.equal((await client.refresh(old)).status, 401, 'and again: a reuse, not a dead token retried');
    t.strictSame(await rulesFound(t, mock), ['rotated-token-reused']);
    const [finding] = (await report(t, mock)).findings;
    t.equal(finding?.severity, 'must');
    t.equal(finding?.evidence.length, 3, 'the rotation and both reuses');
  });

  t.test(
    `${profile}: within a reuse grace (no revocation), reused twice → rotated-token-reused only`,
    async (t) => {
      const mock = mockApp(t, [profile], { settings: { [`${profile}.reuseGraceSeconds`]: '120' } });
      const client = tokenClient(mock, profile);
      await client.login();
      const old = client.credential;
      mock.services.clock.advance(client.accessTtl * 0.9);
      t.equal((await client.refresh()).status, 200);
      for (const after of [30, 30]) {
        mock.services.clock.advance(after);
        t.equal((await client.refresh(old)).status, 401, 'refused, the family kept');
      }
      t.strictSame(await rulesFound(t, mock), ['rotated-token-reused']);
    },
  );
}

for (const profile of PROFILE_IDS) {
  t.test(`${profile}: a refused refresh token sent again → rejected-refresh-retried`, async (t) => {
    const { mock, client } = setUp(t, profile);
    await client.login();
    // A token of the right shape the mock never issued (a UUID for VMware, a JWS for the others).
    const dead =
      profile === 'vcf'
        ? '00000000-0000-4000-8000-000000000000'
        : 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl';
    for (let i = 0; i < 3; i++) t.ok((await client.refresh(dead)).status >= 400, `attempt ${i + 1} refused`);
    t.strictSame(await rulesFound(t, mock), ['rejected-refresh-retried']);
    const [finding] = (await report(t, mock)).findings;
    t.equal(finding?.evidence.length, 3, 'the refusal and both retries');
  });

  t.test(`${profile}: three logins within a minute → login-per-request`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    for (let i = 0; i < 3; i++) {
      t.equal((await client.login()).status, 200);
      advance(10);
    }
    t.strictSame(await rulesFound(t, mock), ['login-per-request']);
  });

  t.test(`${profile}: refreshes far before expiry, three a minute → refresh-storm`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    await client.login();
    for (let i = 0; i < 3; i++) {
      advance(5);
      t.equal((await client.refresh()).status, 200);
    }
    t.strictSame(await rulesFound(t, mock), ['refresh-storm']);
  });

  t.test(`${profile}: a token in the query string → token-in-query`, async (t) => {
    const { mock, client } = setUp(t, profile);
    await client.login();
    const reply = await call(
      mock,
      client.refreshMethod,
      `${client.refreshPath}?access_token=${client.access}`,
    );
    t.ok(reply.status >= 400, 'the mock reads no token from the URL');
    t.strictSame(await rulesFound(t, mock), ['token-in-query']);
    const [finding] = (await report(t, mock)).findings;
    t.equal(finding?.severity, 'must');
    t.notOk(JSON.stringify(finding).includes(client.access), 'the report never shows the token');
    t.match(finding?.message, /parameter access_token/);
  });
}

for (const profile of RATE_LIMITED) {
  t.test(`${profile}: a retry before Retry-After → retry-after-ignored`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    await client.login();
    advance(client.accessTtl * 0.9);
    await rateLimitNextRefresh(t, mock, profile);
    t.equal((await client.refresh()).status, 429);
    t.equal((await client.refresh()).status, 200, 'retried at once');
    t.strictSame(await rulesFound(t, mock), ['retry-after-ignored']);
  });
}

t.test(
  'vcf and oracle-commerce: a refresh after the client logged out → refresh-after-revocation',
  async (t) => {
    for (const profile of ['vcf', 'oracle-commerce'] as const) {
      const { mock, client } = setUp(t, profile);
      await client.login();
      const credential = client.credential;
      if (!client.logout) throw new Error(`${profile} documents a logout`);
      t.ok((await client.logout()).status < 300, `${profile}: logged out`);
      t.ok((await client.refresh(credential)).status >= 400, `${profile}: the refresh is refused`);
      t.strictSame(await rulesFound(t, mock), ['refresh-after-revocation'], profile);
    }
  },
);

for (const profile of PROFILE_IDS) {
  t.test(
    `${profile}: refreshing again after the refusal of a revoked family → refresh-after-revocation`,
    async (t) => {
      const { mock, client, advance } = setUp(t, profile);
      await client.login();
      const [session] = (await call(mock, 'GET', '/__admin/sessions')).json as { id: string }[];
      t.equal(
        (await call(mock, 'DELETE', `/__admin/sessions/${session?.id}`)).status,
        204,
        'revoked by an admin',
      );
      advance(client.accessTtl * 0.9);
      t.ok((await client.refresh()).status >= 400, 'the first refusal tells the client');
      t.strictSame(await rulesFound(t, mock), [], 'the client could not have known before');
      t.ok((await client.refresh()).status >= 400, 'refused again');
      t.strictSame(await rulesFound(t, mock), ['refresh-after-revocation']);
    },
  );
}

for (const profile of ['oracle-commerce', 'dreadnode'] as const) {
  t.test(`${profile}: an access token used after its expiry → access-after-expiry`, async (t) => {
    const { mock, client, advance } = setUp(t, profile);
    await client.login();
    advance(client.accessTtl + 30);
    const use = client.use;
    if (!use) throw new Error(`${profile} has no authenticated request`);
    t.equal((await use()).status, 401, 'the expired token is refused');
    t.strictSame(await rulesFound(t, mock), ['access-after-expiry']);
    t.match((await report(t, mock)).findings[0]?.message, /the first 30 s after it expired/);
  });
}

t.test('the report says when the journal dropped requests', async (t) => {
  const mock = mockApp(t, ['kirjaswappi'], { journalSize: 2 });
  const client = tokenClient(mock, 'kirjaswappi');
  for (let i = 0; i < 3; i++) await client.login();
  const r = await report(t, mock);
  t.equal(r.requestsSeen, 3);
  t.equal(r.complete, false);
});

t.test('the thresholds are options of the mock, refused when not whole numbers of at least 1', async (t) => {
  const mock = mockApp(t, ['kirjaswappi'], { clientRules: { loginsPerMinute: 4 } });
  const client = tokenClient(mock, 'kirjaswappi');
  for (let i = 0; i < 3; i++) await client.login();
  t.strictSame(await rulesFound(t, mock), [], 'three logins are under a limit of four');
  await client.login();
  t.strictSame(await rulesFound(t, mock), ['login-per-request'], 'the fourth reaches it');
  t.throws(() => mockApp(t, ['kirjaswappi'], { clientRules: { stormRefreshes: 0 } }), RangeError);
  t.throws(() => mockApp(t, ['kirjaswappi'], { clientRules: { concurrentWindowMs: 1.5 } }), RangeError);
});
