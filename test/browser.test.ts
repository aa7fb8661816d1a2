import t from 'tap';
import {
  assertJar,
  DREADNODE_COOKIES,
  field,
  headerList,
  held,
  journalOf,
  open,
  run,
  runOne,
  sentCookies,
  throughCors,
} from './helpers/browser-session.js';

/**
 * A real browser as the mock's client: Debian's Chromium loads a page from one origin
 * (`http://localhost:<page port>`) whose script logs in and refreshes against the mock on another
 * (`http://localhost:<mock port>`) with fetch, for all five profiles. Same host name, two ports: the
 * calls are cross-origin (CORS, preflights) but same-site, which is what lets `SameSite=Lax` cookies
 * (Dreadnode's) be stored and sent; a page on `127.0.0.1` calling `localhost` is cross-site, and the
 * last tests show what it gets.
 */

t.test(
  'a page on localhost:<port2> logs in and refreshes against the mock on localhost:<port1>',
  async (t) => {
    const s = await open(t, 'localhost');

    await t.test('vcf: JSON login; PATCH refresh with the id as a JSON string, twice', async (t) => {
      const login = await runOne(s, 'vcf', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      t.type(field(login.body, 'refreshToken', 'id'), 'string', 'login returns the refresh-token id');
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'vcf', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        t.match(refresh.body, /^eyJ/, `${round} refresh: the new access token as a JSON string`);
      }
    });

    await t.test(
      'oracle-commerce: form login (no preflight); Bearer refresh (preflight), keeping the newest',
      async (t) => {
        const login = await runOne(s, 'oracle-commerce', 'login');
        throughCors(t, s, login, { status: 200, preflight: false });
        t.equal(field(login.body, 'token_type'), 'bearer', 'login returns a bearer token');
        for (const round of ['first', 'second']) {
          const refresh = await runOne(s, 'oracle-commerce', 'refresh');
          throughCors(t, s, refresh, { status: 200, preflight: true });
          const allowed = headerList(
            refresh.seen?.preflight?.responseHeaders?.['access-control-allow-headers'],
          );
          t.ok(allowed.includes('authorization'), `${round} refresh: the preflight allows Authorization`);
          const token = field(refresh.body, 'access_token');
          t.ok(
            typeof token === 'string' && (await held(s, 'oracle-commerce')) === token,
            `${round} refresh: the page holds the new token`,
          );
        }
      },
    );

    await t.test('dreadnode: device login, then refreshes with its cookies only', async (t) => {
      const [code, pair, ...more] = await run(s, 'dreadnode', 'login');
      t.equal(more.length, 0, 'the device login is two fetches');
      if (!code || !pair) throw new Error('the device login made no fetch');
      throughCors(t, s, code, { status: 200, preflight: false });
      throughCors(t, s, pair, { status: 200, preflight: true });
      for (const call of [code, pair])
        t.same(call.seen?.blockedCookies, [], `${call.path}: no cookie refused`);
      let cookies = await assertJar(t, s, 'after the device login');
      t.ok(
        cookies.get('refresh_token') === field(pair.body, 'refresh_token') &&
          cookies.get('access_token') === field(pair.body, 'access_token'),
        'the browser stored the pair the device token answer carried',
      );

      // The web app's first call after a login: authenticated by the access_token cookie alone.
      const user = await runOne(s, 'dreadnode', 'user');
      throughCors(t, s, user, { status: 200, preflight: false });
      t.equal(field(user.body, 'username'), 'demo', 'GET /api/user names the user the cookie belongs to');
      t.ok(
        sentCookies(journalOf(s, '/api/user').at(-1)).get('access_token')?.[0] ===
          cookies.get('access_token'),
        'GET /api/user carried the access_token cookie',
      );

      const used: string[] = [];
      for (const round of ['first', 'second']) {
        const before = cookies;
        const refresh = await runOne(s, 'dreadnode', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: false });
        const entry = journalOf(s, '/api/auth/refresh').at(-1);
        const sent = sentCookies(entry);
        t.same(
          DREADNODE_COOKIES.map((name) => sent.get(name)?.length ?? 0),
          [1, 1],
          `${round} refresh: one access_token and one refresh_token cookie sent`,
        );
        t.ok(
          sent.get('refresh_token')?.[0] === before.get('refresh_token'),
          `${round} refresh: the cookie sent is the refresh token the browser held`,
        );
        t.same(
          [entry?.requestHeaders['content-type'], entry?.requestHeaders['content-length'] ?? '0'],
          [undefined, '0'],
          `${round} refresh: no body, the cookie alone`,
        );
        t.same(refresh.seen?.blockedCookies, [], `${round} refresh: no cookie refused`);
        cookies = await assertJar(t, s, `after the ${round} refresh`);
        const issued = field(refresh.body, 'refresh_token');
        t.ok(
          typeof issued === 'string' && issued !== before.get('refresh_token'),
          `${round} refresh: a new refresh token`,
        );
        t.ok(
          cookies.get('refresh_token') === issued,
          `${round} refresh: the browser keeps the rotated refresh token`,
        );
        used.push(before.get('refresh_token') ?? '');
      }

      // A browser that had kept the first, rotated refresh token: reuse detection refuses it.
      await s.context.addCookies([
        {
          name: 'refresh_token',
          value: used[0] ?? '',
          domain: 'localhost',
          path: '/',
          httpOnly: true,
          sameSite: 'Lax',
          secure: false,
        },
      ]);
      const stale = await runOne(s, 'dreadnode', 'refresh');
      t.equal(stale.status, 401, 'a stale refresh_token cookie is refused');
      t.equal(field(stale.body, 'type'), 'refresh_token_reused', 'as a reused refresh token');
    });

    await t.test('flolive: JSON login; PUT refresh, keeping the rotated pair, twice', async (t) => {
      const login = await runOne(s, 'flolive', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      t.equal(field(login.body, 'errorCode'), '', 'login is an ACK');
      let previous = await held(s, 'flolive');
      const first = previous;
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'flolive', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        t.equal(field(refresh.body, 'errorCode'), '', `${round} refresh is an ACK`);
        const now = await held(s, 'flolive');
        const issued = field(refresh.body, 'content', 0);
        t.ok(
          field(now, 'token') === field(issued, 'token') &&
            field(now, 'refreshToken') === field(issued, 'refreshToken'),
          `${round} refresh: the page holds the new pair`,
        );
        t.ok(
          field(now, 'refreshToken') !== field(previous, 'refreshToken'),
          `${round} refresh: the pair rotated`,
        );
        previous = now;
      }
      // A page that had kept the login's pair instead: refused (floLIVE's "Invalid token").
      await s.page.evaluate(`tokenrig.hold('flolive', ${JSON.stringify(first)})`);
      const stale = await runOne(s, 'flolive', 'refresh');
      t.equal(field(stale.body, 'errorCode'), 'AUTH_1002', 'a stale pair is refused with AUTH_1002');
      t.equal(stale.error, undefined, 'and the page can read that refusal');
    });

    await t.test('kirjaswappi: JSON login; JSON refresh with the kept refresh token, twice', async (t) => {
      const login = await runOne(s, 'kirjaswappi', 'login');
      throughCors(t, s, login, { status: 200, preflight: true });
      for (const round of ['first', 'second']) {
        const refresh = await runOne(s, 'kirjaswappi', 'refresh');
        throughCors(t, s, refresh, { status: 200, preflight: true });
        const token = field(refresh.body, 'jwtToken');
        t.ok(
          typeof token === 'string' && field(await held(s, 'kirjaswappi'), 'access') === token,
          `${round} refresh: the page holds the returned access token`,
        );
      }
      t.ok(
        field(await held(s, 'kirjaswappi'), 'refresh') === field(login.body, 'refreshToken'),
        'the refresh token is reused',
      );
    });

    t.same(s.pageErrors, [], 'the page ran without script errors');
  },
);
