import t from 'tap';
import { parseSetFlags, resolveSettings, SettingsError } from './settings.js';

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
