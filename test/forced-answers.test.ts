import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnySchema } from 'ajv/dist/2020.js';
import t from 'tap';
import { createAjv, SCHEMAS_DIR } from '../schemas/load.js';
import { call, mockApp } from './helpers/mock.js';

const schema: AnySchema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'journal.schema.json'), 'utf8'));
// Compiled once, in strict mode: a schema that does not compile fails here, loudly.
const validate = createAjv().compile(schema);

const demo = { username: 'demo', password: 'demo' };
const garbage = { json: { refreshToken: 'not-a-jwt' } };
const REFRESH = '/api/v1/authenticate/refresh';

interface Entry {
  id: number;
  status: number;
  forced?: { by: string; rule?: string };
  session?: string;
}

t.test('a forced 500 and a genuine one are told apart in the log and the journal', async (t) => {
  const lines: string[] = [];
  // KirjaSwappi's real server answers a malformed refresh token with a 500: with the quirk on, the
  // mock's own answer is a 500 too, and must not read as forced.
  const mock = mockApp(t, ['kirjaswappi', 'vcf'], {
    quirks: ['kirjaswappi.malformed-token-500'],
    log: (line) => lines.push(line),
  });
  t.equal((await call(mock, 'POST', REFRESH, garbage)).status, 500, 'genuine');
  const prefer = await call(mock, 'POST', REFRESH, { ...garbage, headers: { prefer: 'code=500' } });
  t.equal(prefer.status, 500, 'forced by Prefer');
  t.equal((await call(mock, 'POST', `${REFRESH}?__code=500`, garbage)).status, 500, 'forced by the query');
  const rule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'kirjaswappi', operation: 'refresh', status: 500, count: 1 },
  });
  t.equal(rule.status, 201);
  t.equal((await call(mock, 'POST', REFRESH, garbage)).status, 500, 'forced by the rule');
  const refused = await call(mock, 'POST', '/v1/tokens', { json: demo, headers: { prefer: 'code=418' } });
  t.equal(refused.status, 400, 'an undocumented status is refused');
  const slow = await call(mock, 'POST', '/v1/tokens?__delay=1', { json: demo });
  t.equal(slow.status, 200, 'a delay: the real answer, late');
  t.equal((await call(mock, 'POST', '/v1/tokens', { json: demo, headers: { prefer: 'x=1' } })).status, 200);

  const journal = (await call(mock, 'GET', '/__admin/requests')).json as { requests: Entry[] };
  const entries = journal.requests.toReversed();
  t.same(
    entries.map((e) => [e.status, e.forced ?? null]),
    [
      [500, null],
      [500, { by: 'prefer' }],
      [500, { by: 'query' }],
      [500, { by: 'rule', rule: 'rule-1' }],
      [400, { by: 'prefer' }],
      [200, { by: 'query' }],
      [200, null],
    ],
    'the journal says which answers were forced, and by what',
  );
  t.notOk(entries[0] && 'forced' in entries[0], 'a genuine answer has no forced member at all');
  const logged = lines.filter((l) => !l.includes('/__admin/'));
  t.match(logged, [
    /^POST \/api\/v1\/authenticate\/refresh 500 kirjaswappi\.refresh [\d.]+ms$/,
    /^POST \/api\/v1\/authenticate\/refresh 500 kirjaswappi\.refresh forced=prefer [\d.]+ms$/,
    /^POST \/api\/v1\/authenticate\/refresh 500 kirjaswappi\.refresh forced=query [\d.]+ms$/,
    /^POST \/api\/v1\/authenticate\/refresh 500 kirjaswappi\.refresh forced=rule-1 [\d.]+ms$/,
    /^POST \/v1\/tokens 400 vcf\.login forced=prefer [\d.]+ms$/,
    /^POST \/v1\/tokens 200 vcf\.login forced=query session=[0-9a-f-]{36} [\d.]+ms$/,
    /^POST \/v1\/tokens 200 vcf\.login session=[0-9a-f-]{36} [\d.]+ms$/,
  ]);
  t.equal(logged.length, 7);

  t.ok(
    validate(journal),
    `the journal matches schemas/journal.schema.json: ${JSON.stringify(validate.errors)}`,
  );
});

t.test('the journal names the session each request touched, and the log line does too', async (t) => {
  const lines: string[] = [];
  const mock = mockApp(t, ['vcf'], { log: (line) => lines.push(line) });
  const login = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const refreshId = (login.json as { refreshToken: { id: string } }).refreshToken.id;
  const [session] = (await call(mock, 'GET', '/__admin/sessions')).json as { id: string }[];
  t.ok(session, 'the login opened a session');
  await call(mock, 'DELETE', '/v1/tokens/refresh-token', { json: refreshId });
  await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'wrong' } });
  const { requests } = (await call(mock, 'GET', '/__admin/requests')).json as { requests: Entry[] };
  t.same(
    requests.toReversed().map((e) => e.session ?? null),
    [session?.id, session?.id, null],
    'login and revoke touched the family; a refused login touched none',
  );
  const logged = lines.filter((l) => !l.includes('/__admin/'));
  t.match(logged[0], `session=${session?.id} `);
  t.match(logged[1], `session=${session?.id} `);
  t.notMatch(logged[2], /session=/);
  t.ok(validate({ total: 3, capacity: 1000, requests }), JSON.stringify(validate.errors));
});

t.test('the journal schema refuses what an entry cannot be', (t) => {
  const entry = {
    id: 1,
    time: '2026-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/v1/tokens',
    query: '',
    status: 500,
    durationMs: 1.5,
    requestHeaders: { authorization: 'Bearer [redacted]' },
  };
  const valid = (e: Record<string, unknown>) => validate({ total: 1, capacity: 10, requests: [e] });
  t.ok(valid(entry), 'a plain entry');
  t.ok(valid({ ...entry, forced: { by: 'rule', rule: 'rule-3' } }), 'forced by a rule');
  for (const [name, bad] of [
    ['epoch time', { ...entry, time: 1_700_000_000_000 }],
    ['a rule without its id', { ...entry, forced: { by: 'rule' } }],
    ['a header forcing with a rule id', { ...entry, forced: { by: 'prefer', rule: 'rule-1' } }],
    ['an unknown source', { ...entry, forced: { by: 'magic' } }],
    ['an unknown member', { ...entry, delayMs: 5 }],
    ['no status', { ...entry, status: undefined }],
  ] as const) {
    t.notOk(valid(JSON.parse(JSON.stringify(bad))), name);
  }
  t.end();
});

t.test('an answer a scenario forced says so; a request of its own and a rule come first', async (t) => {
  const lines: string[] = [];
  const mock = mockApp(t, ['vcf'], { scenarios: ['flaky-refresh=1'], log: (line) => lines.push(line) });
  const login = await call(mock, 'POST', '/v1/tokens', { json: demo });
  const id = { json: (login.json as { refreshToken: { id: string } }).refreshToken.id };
  const REFRESH_VCF = '/v1/tokens/access-token/refresh';
  // In-process a drawn reset is the directive error (400): forced by the scenario all the same.
  t.match((await call(mock, 'PATCH', REFRESH_VCF, id)).status, /^(500|400)$/, 'failed by flaky-refresh');
  t.equal((await call(mock, 'PATCH', REFRESH_VCF, { ...id, headers: { prefer: 'code=200' } })).status, 200);
  await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'vcf', operation: 'refresh', status: 500, count: 1 },
  });
  t.equal((await call(mock, 'PATCH', REFRESH_VCF, id)).status, 500, 'the rule');
  const journal = (await call(mock, 'GET', '/__admin/requests')).json as { requests: Entry[] };
  t.same(
    journal.requests.toReversed().map((e) => e.forced ?? null),
    [null, { by: 'scenario', scenario: 'flaky-refresh' }, { by: 'prefer' }, { by: 'rule', rule: 'rule-1' }],
  );
  t.match(
    lines.filter((l) => l.includes('refresh')),
    [/ vcf\.refresh forced=scenario:flaky-refresh /, / forced=prefer /, / forced=rule-1 /],
  );
  t.ok(validate(journal), `the journal matches its schema: ${JSON.stringify(validate.errors)}`);
  const wrong = {
    ...journal,
    requests: [{ ...journal.requests[2], forced: { by: 'scenario', scenario: 'Flaky' } }],
  };
  t.notOk(validate(wrong), 'a scenario name is kebab-case');
});
