import t from 'tap';
import { call, mockApp } from '../../test/helpers/mock.js';

t.test('quirks: listed with evidence, off by default, switched at run time, named strictly', async (t) => {
  const mock = mockApp(t, ['kirjaswappi', 'vcf']);
  const garbage = { json: { refreshToken: 'not-a-jwt' } };
  const list = await call(mock, 'GET', '/__admin/quirks');
  t.equal(list.status, 200);
  const quirks = list.json as { name: string; enabled: boolean; evidence: { repository: string }[] }[];
  t.ok(quirks.length >= 4, 'every KirjaSwappi quirk is listed');
  t.ok(
    quirks.every((q) => !q.enabled && q.name.startsWith('kirjaswappi.') && q.evidence.length > 0),
    'all off, each with its evidence',
  );
  const quirksOn = async (m: typeof mock) =>
    ((await call(m, 'GET', '/__admin/health')).json as { quirks: string[] }).quirks;
  t.same(await quirksOn(mock), [], 'health: none on');
  t.equal((await call(mock, 'POST', '/api/v1/authenticate/refresh', garbage)).status, 400, 'documented');

  const on = await call(mock, 'PUT', '/__admin/quirks/kirjaswappi.malformed-token-500');
  t.equal(on.status, 200);
  t.same(await quirksOn(mock), ['kirjaswappi.malformed-token-500']);
  t.equal((await call(mock, 'POST', '/api/v1/authenticate/refresh', garbage)).status, 500, 'the quirk');

  const off = await call(mock, 'DELETE', '/__admin/quirks/kirjaswappi.malformed-token-500');
  t.equal(off.status, 200);
  t.equal((await call(mock, 'POST', '/api/v1/authenticate/refresh', garbage)).status, 400, 'off again');

  const all = await call(mock, 'POST', '/__admin/quirks', { json: { enable: ['kirjaswappi.all'] } });
  t.ok(
    (all.json as { enabled: boolean }[]).every((q) => q.enabled),
    '<profile>.all',
  );
  const bad = await call(mock, 'POST', '/__admin/quirks', {
    json: { disable: ['kirjaswappi.all'], enable: ['kirjaswappi.typo'] },
  });
  t.equal(bad.status, 404);
  t.match(bad.json, { error: { code: 'TOKENRIG_NO_SUCH_QUIRK', message: /no quirk kirjaswappi\.typo/ } });
  t.ok(
    ((await call(mock, 'GET', '/__admin/quirks')).json as { enabled: boolean }[]).every((q) => q.enabled),
    'a bad name changes nothing',
  );
  t.equal((await call(mock, 'PUT', '/__admin/quirks/vcf.anything')).status, 404, 'vcf has none');
  t.equal((await call(mock, 'POST', '/__admin/quirks', { json: { on: [] } })).status, 400);

  t.equal((await call(mock, 'POST', '/__admin/reset')).status, 204);
  t.same(await quirksOn(mock), [], 'reset: the start-up set');
  const started = mockApp(t, ['kirjaswappi'], { quirks: ['kirjaswappi.malformed-token-500'] });
  t.equal((await call(started, 'POST', '/api/v1/authenticate/refresh', garbage)).status, 500);
  t.equal((await call(started, 'POST', '/__admin/reset')).status, 204);
  t.equal(
    (await call(started, 'POST', '/api/v1/authenticate/refresh', garbage)).status,
    500,
    'kept by reset',
  );
  t.equal((await call(started, 'DELETE', '/__admin/quirks')).status, 200);
  t.equal((await call(started, 'POST', '/api/v1/authenticate/refresh', garbage)).status, 400, 'all off');
});

t.test('quirks say who switched them on: --quirk at start-up, or the admin API', async (t) => {
  const mock = mockApp(t, ['kirjaswappi'], { quirks: ['kirjaswappi.malformed-token-500'] });
  const byName = async () =>
    Object.fromEntries(
      ((await call(mock, 'GET', '/__admin/quirks')).json as { name: string; enabledBy?: string }[])
        .filter((q) => q.enabledBy !== undefined)
        .map((q) => [q.name, q.enabledBy]),
    );
  t.same(await byName(), { 'kirjaswappi.malformed-token-500': '--quirk' });
  const [other] = ((await call(mock, 'GET', '/__admin/quirks')).json as { name: string }[]).filter(
    (q) => q.name !== 'kirjaswappi.malformed-token-500',
  );
  t.ok(other, 'KirjaSwappi has a second quirk');
  await call(mock, 'PUT', `/__admin/quirks/${other?.name}`);
  await call(mock, 'PUT', '/__admin/quirks/kirjaswappi.malformed-token-500');
  t.same(
    await byName(),
    { 'kirjaswappi.malformed-token-500': '--quirk', [String(other?.name)]: 'admin' },
    'switching on what is on already keeps who did',
  );
  await call(mock, 'DELETE', '/__admin/quirks/kirjaswappi.malformed-token-500');
  t.same(await byName(), { [String(other?.name)]: 'admin' }, 'off: no longer listed as switched on');
  await call(mock, 'POST', '/__admin/reset');
  t.same(await byName(), { 'kirjaswappi.malformed-token-500': '--quirk' }, 'a reset: the start-up set');
});
