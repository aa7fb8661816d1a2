import t from 'tap';
import { deviceLogin, REFRESH } from '../../test/helpers/dreadnode.js';
import { call, mockApp } from '../../test/helpers/mock.js';

interface VerifyAnswer {
  verified: boolean;
  count: string | number;
  matched: number;
  requests: { id: number; operation?: string; session?: string; requestHeaders: Record<string, string> }[];
  nearMisses?: { differs: string; request: { id: number } }[];
  error?: { code: string; message: string };
}

const verify = async (mock: ReturnType<typeof mockApp>, body: unknown) => {
  const reply = await call(mock, 'POST', '/__admin/verify', { json: body });
  return { status: reply.status, answer: reply.json as VerifyAnswer };
};

t.test('verify: 200 when the count holds, 417 with what was seen when it does not', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const first = await call(mock, 'POST', REFRESH, { json: { refresh_token: pair.refresh_token } });
  t.equal(first.status, 200);
  const next = (first.json as { refresh_token: string }).refresh_token;
  await call(mock, 'POST', REFRESH, {
    json: { refresh_token: next },
    headers: { authorization: 'Bearer x' },
  });
  // The first refresh token again: reuse, a 401.
  t.equal((await call(mock, 'POST', REFRESH, { json: { refresh_token: pair.refresh_token } })).status, 401);

  const twice = await verify(mock, { match: { operation: 'refresh', status: 200 }, count: 2 });
  t.equal(twice.status, 200);
  t.match(twice.answer, { verified: true, matched: 2 });
  t.equal(twice.answer.count, 2, 'the count comes back as it was sent: a number stays a number');
  t.equal(twice.answer.requests.length, 2);
  t.equal(twice.answer.requests[0]?.requestHeaders.authorization, 'Bearer [redacted]', 'secrets redacted');

  const once = await verify(mock, { match: { operation: 'refresh', status: 200 }, count: '1' });
  t.equal(once.status, 417);
  t.match(once.answer, { verified: false, matched: 2 });
  t.equal(once.answer.count, '1', 'and a string a string');
  t.strictSame(
    once.answer.nearMisses?.map((m) => [m.request.id, m.differs]),
    [
      [5, 'status'],
      [2, 'operation'],
      [1, 'operation'],
    ],
    'what was seen instead: the reused refresh (401), the device token and device code (200), newest first',
  );

  const sessions = (await call(mock, 'GET', '/__admin/sessions')).json as { id: string }[];
  t.equal(sessions.length, 1);
  const family = await verify(mock, { match: { session: sessions[0]?.id }, count: '>=4' });
  t.equal(family.status, 200, 'device token, two refreshes and the reuse all touched the one family');
  t.strictSame(
    family.answer.requests.map((r) => r.operation),
    ['refresh', 'refresh', 'refresh', 'device-token'],
  );
  const anyone = await verify(mock, {});
  t.match(anyone, { status: 200, answer: { count: '>=1', matched: 5 } }, 'at least once by default');
  const window = await verify(mock, { match: { until: '2000-01-01T00:00:00Z' }, count: 0 });
  t.match(window, { status: 200, answer: { matched: 0 } });
});

t.test('verify refuses a malformed question', async (t) => {
  const mock = mockApp(t, ['vcf']);
  for (const body of [
    { count: 'lots' },
    { count: -1 },
    { match: { status: 'teapot' } },
    { match: { nope: 1 } },
    { match: { since: 'yesterday' } },
    { match: { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' } },
  ]) {
    const { status, answer } = await verify(mock, body);
    t.equal(status, 400, JSON.stringify(body));
    t.match(answer, { error: { code: 'TOKENRIG_INVALID_REQUEST' } });
  }
  t.equal(
    (
      await call(mock, 'POST', '/__admin/verify', {
        body: '{',
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    400,
  );
});

t.test('a journal that dropped requests answers 409 where they could change the answer', async (t) => {
  const mock = mockApp(t, ['vcf'], { journalSize: 2 });
  for (let i = 0; i < 3; i++)
    await call(mock, 'POST', '/v1/tokens', { json: { username: 'demo', password: 'demo' } });
  const exact = await verify(mock, { match: { operation: 'login' }, count: 2 });
  t.equal(exact.status, 409);
  t.match(exact.answer.error, { code: 'TOKENRIG_JOURNAL_INCOMPLETE', message: /dropped 1 older request/ });
  t.equal(exact.answer.verified, false);
  const atLeast = await verify(mock, { match: { operation: 'login' }, count: '>=2' });
  t.equal(atLeast.status, 200, 'a dropped request can only add to a count already reached');
});
