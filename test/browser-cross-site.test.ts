import t from 'tap';
import { launchChromium } from './helpers/browser.js';
import {
  DREADNODE_COOKIES,
  field,
  journalOf,
  open,
  run,
  runOne,
  throughCors,
} from './helpers/browser-session.js';

// What a page gets where the browser's rules stop it: another site, an origin the mock does not allow.

t.test('a page on 127.0.0.1 calling the mock on localhost is cross-site: no Lax cookies', async (t) => {
  const s = await open(t, '127.0.0.1');
  const [code, pair] = await run(s, 'dreadnode', 'login');
  if (!code || !pair) throw new Error('the device login made no fetch');
  throughCors(t, s, code, { status: 200, preflight: false });
  throughCors(t, s, pair, { status: 200, preflight: true });
  const refused = pair.seen?.blockedCookies ?? [];
  t.same(refused.map((c) => c.name).sort(), [...DREADNODE_COOKIES], 'the browser refused both Set-Cookies');
  // Chromium names the first rule that refused them: its third-party-cookie setting ("UserPreferences")
  // where that blocks, SameSite=Lax ("SameSiteLax") where it does not. Either way: another site.
  t.comment(`Chromium's reasons: ${[...new Set(refused.flatMap((c) => c.reasons))].join(', ')}`);
  t.same(
    (await s.context.cookies()).map((c) => c.name),
    [],
    'no cookie stored',
  );
  const refresh = await runOne(s, 'dreadnode', 'refresh');
  t.equal(refresh.status, 401, 'the cookie-only refresh is refused');
  t.equal(field(refresh.body, 'type'), 'not_authenticated', 'because no refresh_token cookie came');
  t.equal(
    journalOf(s, '/api/auth/refresh').at(-1)?.requestHeaders.cookie,
    undefined,
    'the request carried no cookie',
  );
  t.same(s.pageErrors, [], 'the page ran without script errors');
});

t.test('an origin the mock does not allow (--cors-origin): the page cannot read any answer', async (t) => {
  const s = await open(t, 'localhost', { corsOrigins: ['https://app.example'] });
  const json = await runOne(s, 'kirjaswappi', 'login');
  t.match(json.error, /TypeError/, 'JSON login: the fetch fails in the page');
  t.equal(
    json.seen?.preflight?.responseHeaders?.['access-control-allow-origin'],
    undefined,
    'the preflight allows no origin',
  );
  t.ok(json.seen?.failure?.cors, `Chromium reports a CORS error (${json.seen?.failure?.cors})`);
  t.equal(journalOf(s, '/api/v1/authenticate').length, 0, 'the login itself was never sent');
  t.ok(
    s.mock.mock.journal.entries().some((e) => e.path === '/api/v1/authenticate' && e.method === 'OPTIONS'),
    'only its preflight reached the mock (and is in its journal)',
  );

  // A form POST needs no preflight: the mock answers, and only the browser keeps the answer from the page.
  const form = await runOne(s, 'oracle-commerce', 'login');
  t.match(form.error, /TypeError/, 'form login: the fetch fails in the page');
  t.ok(form.seen?.failure?.cors, `Chromium reports a CORS error (${form.seen?.failure?.cors})`);
  t.same(
    journalOf(s, '/ccstore/v1/login').map((e) => e.status),
    [200],
    'though the mock answered 200',
  );
});

t.test('a Chromium that cannot start fails the test with what to install', async (t) => {
  await t.rejects(launchChromium(t, '/nonexistent/chromium'), {
    name: 'BrowserStartError',
    message: /did not start from \/nonexistent\/chromium .*apt-get install chromium/,
  });
});
