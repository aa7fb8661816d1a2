import t from 'tap';
import { mockApp } from '../test/helpers/mock.js';
import { mockBanner } from './banner.js';

t.test('the banner names the seed, the profiles, and the settings and quirks in force', (t) => {
  const mock = mockApp(t, ['vcf', 'kirjaswappi'], {
    settings: { 'vcf.loginStatus': '201' },
    refreshTtl: 120,
    quirks: ['kirjaswappi.malformed-token-500'],
  });
  const banner = mockBanner(mock, 'http://127.0.0.1:4010');
  t.match(
    banner,
    new RegExp(`^tokenrig mock listening on http://127\\.0\\.0\\.1:4010 \\(seed ${mock.seed}\\)\\n`),
  );
  t.match(banner, /\n {2}vcf {14}POST \/v1\/tokens/);
  t.match(banner, /\n {2}kirjaswappi {6}POST \/api\/v1\/authenticate/);
  t.match(banner, /\n {2}dashboard {8}http:\/\/127\.0\.0\.1:4010\/__admin \(open it in a browser\)\n/);
  t.match(banner, /\n {2}setting vcf\.loginStatus=201 \(default 200, from --set\)\n/);
  t.match(banner, /\n {2}setting vcf\.refreshTtl=120 \(default \d+, from --refresh-ttl\)\n/);
  t.match(banner, /\n {2}setting kirjaswappi\.refreshTtl=120 \(default \d+, from --refresh-ttl\)\n/);
  t.notMatch(banner, /settings: profile defaults/);
  t.match(banner, /\n {2}quirk kirjaswappi\.malformed-token-500: /);
  t.match(banner, /\n {2}users: demo$/);
  t.end();
});

t.test('at the defaults the banner says so, for settings and quirks alike', (t) => {
  const banner = mockBanner(mockApp(t, ['flolive']), 'http://127.0.0.1:1');
  t.match(banner, /\n {2}settings: profile defaults\n {2}quirks: none \(documented behaviour\)\n/);
  t.notMatch(banner, /setting flolive/);
  t.end();
});

t.test('the banner names each scenario with its value, and the profiles it leaves alone', (t) => {
  const banner = mockBanner(
    mockApp(t, ['vcf', 'dreadnode'], { scenarios: ['rate-limited=3', 'short-lived'] }),
    'http://127.0.0.1:1',
  );
  t.match(
    banner,
    /\n {2}scenario rate-limited=3: over that many refreshes [^\n]* \(not on vcf\)\n {2}scenario short-lived=5: access tokens live that many seconds[^\n(]*\n/,
  );
  t.notMatch(banner, /scenarios: none/);
  t.match(mockBanner(mockApp(t, ['vcf']), 'http://127.0.0.1:1'), /\n {2}scenarios: none\n/);
  t.end();
});
