import t from 'tap';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

const demo = { username: 'demo', password: 'demo' };

t.test('fault rules: status, vendor error, count, probability, list and delete', async (t) => {
  const mock = mockApp(t, ['vcf', 'flolive']);
  const rule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'vcf', operation: 'login', status: 500, count: 2 },
  });
  t.equal(rule.status, 201);
  t.match(rule.json, {
    id: 'rule-1',
    profile: 'vcf',
    operation: 'login',
    status: 500,
    count: 2,
    remaining: 2,
  });
  for (let i = 0; i < 2; i++) {
    const failed = await call(mock, 'POST', '/v1/tokens', { json: demo });
    t.equal(failed.status, 500);
    assertDocumented(t, mock, 'vcf', 'login', failed);
  }
  t.equal((await call(mock, 'POST', '/v1/tokens', { json: demo })).status, 200, 'the rule is used up');
  t.same((await call(mock, 'GET', '/__admin/faults')).json, []);

  const vendor = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'flolive', error: 'AUTH_1001' },
  });
  t.equal(vendor.status, 201);
  const nak = await call(mock, 'POST', '/api/v2/auth/token', { json: demo });
  t.match(nak.json, { errorCode: 'AUTH_1001' });
  assertDocumented(t, mock, 'flolive', 'login', nak);
  t.equal((await call(mock, 'DELETE', `/__admin/faults/${(vendor.json as { id: string }).id}`)).status, 204);
  t.equal((await call(mock, 'DELETE', '/__admin/faults/nope')).status, 404);

  // Narrowed to login: VMware documents no 500 for revoke, so a profile-wide 500 rule is refused.
  const refused = await call(mock, 'POST', '/__admin/faults', { json: { profile: 'vcf', status: 500 } });
  t.equal(refused.status, 400);
  t.match(refused.json, { error: { code: 'TOKENRIG_UNDOCUMENTED_STATUS', message: /vcf revoke/ } });
  const halfRule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'vcf', operation: 'login', status: 500, probability: 0.5 },
  });
  t.equal(halfRule.status, 201);
  let failures = 0;
  for (let i = 0; i < 200; i++)
    if ((await call(mock, 'POST', '/v1/tokens', { json: demo })).status === 500) failures++;
  t.ok(failures > 60 && failures < 140, `about half fail with probability 0.5 (got ${failures}/200)`);
  t.equal((await call(mock, 'DELETE', '/__admin/faults')).status, 204);
  t.same((await call(mock, 'GET', '/__admin/faults')).json, []);
});

t.test('fault rules are validated against the contract', async (t) => {
  const mock = mockApp(t, ['vcf', 'flolive']);
  const refusals: [unknown, string][] = [
    [{ profile: 'vcf', operation: 'refresh', status: 401 }, 'TOKENRIG_UNDOCUMENTED_STATUS'],
    [{ profile: 'nope', status: 500 }, 'TOKENRIG_NO_SUCH_PROFILE'],
    [{ profile: 'vcf', operation: 'explode', status: 500 }, 'TOKENRIG_NO_SUCH_OPERATION'],
    [{ profile: 'vcf', error: 'AUTH_1002' }, 'TOKENRIG_NO_SUCH_ERROR'],
    [{ profile: 'vcf' }, 'TOKENRIG_INVALID_REQUEST'],
    [{ status: 500, probability: 2 }, 'TOKENRIG_INVALID_REQUEST'],
    [{ fault: 'explode' }, 'TOKENRIG_INVALID_REQUEST'],
  ];
  for (const [rule, code] of refusals) {
    const reply = await call(mock, 'POST', '/__admin/faults', { json: rule });
    t.equal(reply.status, 400, JSON.stringify(rule));
    t.match(reply.json, { error: { code } }, JSON.stringify(rule));
  }
  const delay = await call(mock, 'POST', '/__admin/faults', { json: { delay: 5 } });
  t.equal(delay.status, 201, 'a delay applies to every operation of every profile');
});

t.test('a rule and a directive are refused for the same reason, in the same words', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const rule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'vcf', operation: 'revoke', status: 500 },
  });
  const directive = await call(mock, 'DELETE', '/v1/tokens/refresh-token', {
    json: 'x',
    headers: { prefer: 'code=500' },
  });
  const why = 'status 500 is not documented for vcf revoke (documented: 204, 400, 404)';
  t.match(rule.json, {
    error: {
      code: 'TOKENRIG_UNDOCUMENTED_STATUS',
      message: `${why}; narrow the rule with profile and operation`,
    },
  });
  t.match(directive.json, { message: `tokenrig: ${why}` });
  const unknownRule = await call(mock, 'POST', '/__admin/faults', {
    json: { profile: 'vcf', error: 'AUTH_1002' },
  });
  const unknownDirective = await call(mock, 'POST', '/v1/tokens', {
    json: demo,
    headers: { prefer: 'error=AUTH_1002' },
  });
  const message = (unknownRule.json as { error: { message: string } }).error.message;
  t.match(message, /^vcf has no error code AUTH_1002; known: VCF_INVALID_REQUEST, /);
  t.match(unknownDirective.json, { message: `tokenrig: ${message}` });
});

t.test('a rule reads back under the names it was posted with, times in ISO 8601', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const posted = { profile: 'vcf', operation: 'login', status: 500, delay: 1, count: 3, probability: 1 };
  const created = await call(mock, 'POST', '/__admin/faults', { json: posted });
  t.equal(created.status, 201);
  const { createdAt, ...rest } = created.json as Record<string, unknown>;
  t.same(rest, { ...posted, id: 'rule-1', remaining: 3, hits: 0 }, 'what was sent, and what the mock adds');
  t.match(createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'createdAt in ISO 8601');
  t.ok(Math.abs(Date.parse(String(createdAt)) - mock.services.clock.now()) < 5000, 'by the mock clock');

  await call(mock, 'POST', '/v1/tokens', { json: demo });
  const listed = (await call(mock, 'GET', '/__admin/faults')).json;
  t.same(listed, [{ ...posted, id: 'rule-1', remaining: 2, hits: 1, createdAt }], 'count stays as sent');
});

t.test('a reset restarts rule ids, as at start-up', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const post = async () =>
    ((await call(mock, 'POST', '/__admin/faults', { json: { delay: 1 } })).json as { id: string }).id;
  t.equal(await post(), 'rule-1');
  t.equal(await post(), 'rule-2');
  t.equal((await call(mock, 'DELETE', '/__admin/faults')).status, 204);
  t.equal(await post(), 'rule-3', 'deleting every rule does not reuse an id a client may hold');
  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.same((await call(mock, 'GET', '/__admin/faults')).json, []);
  t.equal(await post(), 'rule-1', 'after a reset the first rule is rule-1 again');
});
