import t from 'tap';
import { parseSetFlags, resolveSettings, SettingsError, settingsInForce } from './settings.js';

const defaults = { nakStatus: 401, rotate: true, loginStatus: '200' } as const;

t.test('overrides are applied and coerced to the default type', (t) => {
  const s = resolveSettings('flolive', defaults, {
    'flolive.nakStatus': '200',
    'flolive.rotate': 'false',
    'vcf.loginStatus': '201',
  });
  t.same(s, { nakStatus: 200, rotate: false, loginStatus: '200' }, 'other profiles untouched');
  t.end();
});

t.test('unknown keys and wrong types are errors', (t) => {
  t.throws(() => resolveSettings('flolive', defaults, { 'flolive.nope': '1' }), SettingsError);
  t.throws(() => resolveSettings('flolive', defaults, { 'flolive.nakStatus': 'abc' }), SettingsError);
  t.throws(() => resolveSettings('flolive', defaults, { 'flolive.nakStatus': '' }), SettingsError);
  t.throws(() => resolveSettings('flolive', defaults, { 'flolive.rotate': 'yes' }), SettingsError);
  t.end();
});

t.test('parseSetFlags', (t) => {
  t.same(parseSetFlags(['vcf.loginStatus=201', 'a-b.c=x=y']), { 'vcf.loginStatus': '201', 'a-b.c': 'x=y' });
  for (const bad of ['vcf', '=1', 'vcf=1', 'vcf.a.b=1'])
    t.throws(() => parseSetFlags([bad]), SettingsError, bad);
  t.end();
});

t.test('settingsInForce: only what differs from the default, with the flag it came from', (t) => {
  const profiles = [
    { id: 'flolive', settings: defaults },
    { id: 'vcf', settings: { loginStatus: 200, accessTtl: 300 } },
  ];
  const overrides = {
    'flolive.nakStatus': '401',
    'flolive.rotate': 'false',
    'vcf.loginStatus': '201',
    'vcf.accessTtl': '60',
  };
  t.same(settingsInForce(profiles, overrides, { 'vcf.accessTtl': '--access-ttl' }), [
    { name: 'flolive.rotate', value: false, default: true, source: '--set' },
    { name: 'vcf.loginStatus', value: 201, default: 200, source: '--set' },
    { name: 'vcf.accessTtl', value: 60, default: 300, source: '--access-ttl' },
  ]);
  t.same(settingsInForce(profiles, {}, {}), [], 'nothing set: nothing listed');
  t.end();
});
