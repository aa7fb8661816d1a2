import t, { type Test } from 'tap';
import type { MockApp } from '../../mocks/app.js';
import { assertDocumented, call, mockApp, type Reply } from '../../test/helpers/mock.js';
import { createClock } from '../core/clock.js';
import { checkAccessToken } from '../core/tokens.js';

const CODE = '/api/auth/device/code';
const TOKEN = '/api/auth/device/token';
const REFRESH = '/api/auth/refresh';
const USER = '/api/user';
const PAGE = '/account/device';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// A type, not an interface: it is passed where cookies by name are expected.
type Pair = {
  access_token: string;
  refresh_token: string;
};

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_url: string;
}

interface UserBody {
  id: string;
  email_address: string;
  username: string;
  api_key: { key: string };
}

/** Step 1 and step 2 of the device login, each reply checked against the contract. */
async function deviceLogin(t: Test, mock: MockApp): Promise<{ pair: Pair; reply: Reply }> {
  const code = await call(mock, 'POST', CODE);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  const { device_code } = code.json as DeviceCode;
  const reply = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(reply.status, 200, 'device login approved');
  assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
  return { pair: reply.json as Pair, reply };
}

async function refresh(t: Test, mock: MockApp, options: Parameters<typeof call>[3] = {}): Promise<Reply> {
  const reply = await call(mock, 'POST', REFRESH, options);
  assertDocumented(t, mock, 'dreadnode', 'refresh', reply);
  return reply;
}

async function getUser(t: Test, mock: MockApp, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await call(mock, 'GET', USER, { headers });
  assertDocumented(t, mock, 'dreadnode', 'user', reply);
  return reply;
}

/** The Cookie header a jar would send for these cookies. */
function cookieHeader(cookies: Readonly<Record<string, string | undefined>>): { cookie: string } {
  return {
    cookie: Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; '),
  };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}

function cookies(reply: Reply): string[] {
  return reply.headers.getSetCookie();
}

/** name → value of every Set-Cookie line. */
function cookieValues(reply: Reply): Record<string, string> {
  return Object.fromEntries(
    cookies(reply).map((line) => {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

/** Every error body of the profile: the canonical envelope plus `detail`, the text the vendor's clients print. */
function assertEnvelope(t: Test, reply: Reply, status: number, type: string): void {
  t.equal(reply.status, status, `${type}: status ${status}`);
  const body = reply.json as { status: number; message: string; type: string; detail: unknown };
  t.match(body, { status, type, message: String }, `${type}: the canonical envelope`);
  t.equal(body.detail, body.message, `${type}: detail repeats the message`);
}

t.test('lifecycle: device login, rotating refresh, reuse, expiry, revocation', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { clock: createClock(() => 1_800_000_000_000) });
  const code = await call(mock, 'POST', CODE);
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);
  t.equal(code.headers.get('cache-control'), 'no-store');
  t.match(code.json, {
    id: UUID,
    completed: false,
    user_code: /^[B-Z]{4}-[B-Z]{4}$/,
    expires_in: 900,
  });
  const { expires_at, user_code, verification_url } = code.json as DeviceCode & { expires_at: string };
  t.equal(expires_at, '2027-01-15T08:15:00.000Z', 'expires_at is 15 minutes ahead');
  // dreadnode/cli builds `<server>/account/device?code=<user_code>` itself and opens it.
  t.equal(verification_url, `http://localhost/account/device?code=${user_code}`, 'the page the CLI opens');

  const { pair, reply } = await deviceLogin(t, mock);
  t.equal(reply.headers.get('cache-control'), 'no-store');
  t.match(cookies(reply), [
    /^access_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    /^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
  ]);
  t.same(cookieValues(reply), pair, 'the cookies carry the pair of the body');
  const access = claimsOf(pair.access_token);
  t.match(access, { iss: 'dreadnode', sub: 'demo', org: String });
  t.equal(Number(access.exp) - Number(access.iat), 3600);
  t.match(claimsOf(pair.refresh_token), { iss: 'dreadnode', typ: 'refresh' });
  t.ok(checkAccessToken(mock.services, pair.access_token, 'dreadnode').ok, 'the access token works');

  // The refresh endpoint, with the refresh token as its cookie.
  const first = await refresh(t, mock, { headers: { cookie: `refresh_token=${pair.refresh_token}` } });
  t.equal(first.status, 200);
  t.equal(first.headers.get('cache-control'), 'no-store');
  t.match(first.json, {
    token_type: 'bearer',
    expires_in: 3600,
    organization: { id: UUID, name: String, key: /^[a-z0-9-]+$/ },
  });
  const rotated = first.json as Pair & { organization: { key: string } };
  t.not(rotated.refresh_token, pair.refresh_token, 'the refresh token rotates');
  t.equal(claimsOf(rotated.access_token).org, rotated.organization.key);
  t.same(cookies(first), [
    `access_token=${rotated.access_token}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`,
    `refresh_token=${rotated.refresh_token}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`,
  ]);

  const second = await refresh(t, mock, { json: { refresh_token: rotated.refresh_token } });
  t.equal(second.status, 200, 'the body works as well as the cookie');
  const latest = second.json as Pair & { organization: unknown };
  t.same(latest.organization, rotated.organization, 'one organization per user');

  // RFC 9700 §4.14.2: a rotated token presented again revokes the whole family.
  const reused = await refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
  assertEnvelope(t, reused, 401, 'refresh_token_reused');
  t.equal((reused.json as { details: unknown }).details, null);
  const family = await refresh(t, mock, { json: { refresh_token: latest.refresh_token } });
  assertEnvelope(t, family, 401, 'refresh_token_revoked');
  t.notOk(checkAccessToken(mock.services, latest.access_token, 'dreadnode').ok, 'so did its access token');

  // Expiry: the access token after an hour, the refresh token after a week.
  const { pair: fresh } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  t.match(checkAccessToken(mock.services, fresh.access_token, 'dreadnode'), { ok: false, reason: 'expired' });
  const stillFine = await refresh(t, mock, { json: { refresh_token: fresh.refresh_token } });
  t.equal(stillFine.status, 200, 'an expired access token is what refresh is for');
  const next = (stillFine.json as Pair).refresh_token;
  mock.services.clock.advance(604_800);
  const expired = await refresh(t, mock, { json: { refresh_token: next } });
  assertEnvelope(t, expired, 401, 'refresh_token_expired');
  t.match(expired.json, { message: /log in again/ });

  // Revocation: no documented logout, so an admin revokes the session.
  const { pair: revokedPair } = await deviceLogin(t, mock);
  const sid = String(claimsOf(revokedPair.refresh_token).sid);
  t.ok(mock.services.sessions.revoke(sid, 'admin'));
  const revoked = await refresh(t, mock, { json: { refresh_token: revokedPair.refresh_token } });
  assertEnvelope(t, revoked, 401, 'refresh_token_revoked');
  t.notOk(checkAccessToken(mock.services, revokedPair.access_token, 'dreadnode').ok);

  // A deleted user's tokens stop working.
  const { pair: orphan } = await deviceLogin(t, mock);
  mock.services.users.delete('demo');
  const gone = await refresh(t, mock, { json: { refresh_token: orphan.refresh_token } });
  assertEnvelope(t, gone, 401, 'refresh_token_revoked');
  t.match(gone.json, { message: /no longer exists/ });
});

t.test('device codes: 400 for an unknown, used or expired code, 401 while pending', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { device_code } = (await call(mock, 'POST', CODE)).json as DeviceCode;
  const ok = await call(mock, 'POST', TOKEN, { json: { device_code } });
  t.equal(ok.status, 200);
  const again = await call(mock, 'POST', TOKEN, { json: { device_code } });
  assertDocumented(t, mock, 'dreadnode', 'device-token', again);
  // 400, not 401: the vendor's CLI would read 401 as "pending" and poll a dead code for 300 s.
  assertEnvelope(t, again, 400, 'invalid_device_code');

  const unknown = await call(mock, 'POST', TOKEN, { json: { device_code: 'nope' } });
  assertDocumented(t, mock, 'dreadnode', 'device-token', unknown);
  assertEnvelope(t, unknown, 400, 'invalid_device_code');
  t.notMatch(unknown.text, /nope/, 'the submitted code is not echoed');

  const late = (await call(mock, 'POST', CODE)).json as DeviceCode;
  mock.services.clock.advance(899);
  const live = await call(mock, 'POST', TOKEN, { json: { device_code: late.device_code } });
  t.equal(live.status, 200, 'a second before its expiry the code still works');
  const later = (await call(mock, 'POST', CODE)).json as DeviceCode;
  mock.services.clock.advance(900);
  const expired = await call(mock, 'POST', TOKEN, { json: { device_code: later.device_code } });
  assertDocumented(t, mock, 'dreadnode', 'device-token', expired);
  assertEnvelope(t, expired, 400, 'expired_token');
  // The words an earlier vendor server used, which the vendor's clients print.
  t.match(expired.json, { detail: 'Device code expired' });
  const gone = await call(mock, 'POST', TOKEN, { json: { device_code: later.device_code } });
  assertEnvelope(t, gone, 400, 'invalid_device_code');

  const missing = await call(mock, 'POST', TOKEN, { json: {} });
  assertDocumented(t, mock, 'dreadnode', 'device-token', missing);
  assertEnvelope(t, missing, 422, 'validation_error');
  t.match(missing.json, { details: [{ loc: ['body', 'device_code'], type: 'required' }] });
});

t.test('manual approval: the page the CLI opens approves the code with a form post', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.deviceApproval': 'manual' } });
  const code = (await call(mock, 'POST', CODE)).json as DeviceCode;
  const poll = () => call(mock, 'POST', TOKEN, { json: { device_code: code.device_code } });
  for (let i = 0; i < 2; i++) {
    const pending = await poll();
    assertDocumented(t, mock, 'dreadnode', 'device-token', pending);
    assertEnvelope(t, pending, 401, 'authorization_pending');
  }

  // The CLI prints the bare URL and asks for the code: the page without one is a form to type it in.
  const bare = await call(mock, 'GET', PAGE);
  t.equal(bare.status, 200);
  t.equal(bare.headers.get('content-type'), 'text/html; charset=utf-8');
  t.equal(bare.headers.get('cache-control'), 'no-store');
  t.match(bare.headers.get('content-security-policy'), /default-src 'none'/);
  t.match(bare.text, /<form method="get" action="\/account\/device">[\s\S]*name="code" value=""/);

  const url = new URL(code.verification_url);
  const opened = await call(mock, 'GET', `${url.pathname}${url.search}`);
  t.equal(opened.status, 200, 'the verification_url is the page');
  t.match(opened.text, `<code>${code.user_code}</code>`);
  t.match(opened.text, /It will act as <strong>demo<\/strong>/);
  t.match(opened.text, `<input type="hidden" name="code" value="${code.user_code}">`);
  // Opening the page approves nothing: a link preview must not log anyone in.
  assertEnvelope(t, await poll(), 401, 'authorization_pending');

  // What a person types: lower case, no dash.
  const typed = code.user_code.replace('-', '').toLowerCase();
  const approved = await call(mock, 'POST', PAGE, { body: `code=${typed}`, headers: FORM });
  t.equal(approved.status, 200);
  t.match(approved.text, /Device approved/);
  t.match(approved.text, `<code>${code.user_code}</code> is approved as <strong>demo</strong>`);
  const shown = await call(mock, 'GET', `${PAGE}?code=${code.user_code}`);
  t.match(shown.text, /Device approved/, 'an approved code shows as approved');
  const again = await call(mock, 'POST', PAGE, { body: `code=${code.user_code}`, headers: FORM });
  t.equal(again.status, 200, 'approving twice is harmless');
  const tokens = await poll();
  t.equal(tokens.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-token', tokens);
  t.equal(claimsOf((tokens.json as Pair).access_token).sub, 'demo');

  const exchanged = await call(mock, 'GET', `${PAGE}?code=${code.user_code}`);
  t.equal(exchanged.status, 404, 'an exchanged code names no pending login');
  t.match(exchanged.text, /Unknown or expired code/);
  const unknown = await call(mock, 'POST', PAGE, { body: 'code=BBBB-BBBB', headers: FORM });
  t.equal(unknown.status, 404);
  t.match(unknown.headers.get('content-type'), /^text\/html/);
  const late = (await call(mock, 'POST', CODE)).json as DeviceCode;
  mock.services.clock.advance(900);
  const expired = await call(mock, 'GET', `${PAGE}?code=${late.user_code}`);
  t.equal(expired.status, 404, 'an expired code names no pending login');
  const missing = await call(mock, 'POST', PAGE, { body: 'code=', headers: FORM });
  t.equal(missing.status, 400);
  t.match(missing.text, /Code required/);
  const json = await call(mock, 'POST', PAGE, { json: { code: late.user_code } });
  t.equal(json.status, 415, 'only the form is taken');
  t.match(json.text, /Not a form/);

  const orphan = (await call(mock, 'POST', CODE)).json as DeviceCode;
  mock.services.users.delete('demo');
  const nobody = await call(mock, 'GET', `${PAGE}?code=${orphan.user_code}`);
  t.equal(nobody.status, 409, 'no user left to approve as');
  t.match(nobody.text, /No user to approve as/);
});

t.test('the approval page escapes what it shows', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const hostile = `"><script>alert('x')</script>&`;
  const page = await call(mock, 'GET', `${PAGE}?code=${encodeURIComponent(hostile)}`);
  t.equal(page.status, 404);
  t.notMatch(page.text, /<script>/, 'no markup from the URL');
  t.match(page.text, '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
  const posted = await call(mock, 'POST', PAGE, {
    body: `code=${encodeURIComponent(hostile)}`,
    headers: FORM,
  });
  t.notMatch(posted.text, /<script>/, 'nor from the form');

  // The approver's name is shown too: a user added with markup in the name is escaped as well.
  const named = mockApp(t, ['dreadnode'], { users: [{ username: '<b>eve</b>', password: 'pw' }] });
  const code = (await call(named, 'POST', CODE)).json as DeviceCode;
  const confirm = await call(named, 'GET', `${PAGE}?code=${code.user_code}`);
  t.match(confirm.text, 'act as <strong>&lt;b&gt;eve&lt;/b&gt;</strong>');
});

t.test('the refresh token comes from the body or the cookie; the body wins', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const bodyWins = await refresh(t, mock, {
    json: { refresh_token: pair.refresh_token },
    headers: { cookie: 'refresh_token=garbage' },
  });
  t.equal(bodyWins.status, 200, 'a valid body token beats a bad cookie');
  const next = (bodyWins.json as Pair).refresh_token;
  const nullBody = await refresh(t, mock, {
    json: { refresh_token: null },
    headers: { cookie: `refresh_token=${next}` },
  });
  t.equal(nullBody.status, 200, 'a null body token leaves it to the cookie');
  const neither = await refresh(t, mock, { json: {} });
  assertEnvelope(t, neither, 401, 'not_authenticated');
  const nothing = await refresh(t, mock);
  assertEnvelope(t, nothing, 401, 'not_authenticated');
  const garbage = await refresh(t, mock, { json: { refresh_token: 'not-a-token' } });
  assertEnvelope(t, garbage, 401, 'invalid_refresh_token');
  t.notMatch(garbage.text, /not-a-token/, 'the submitted token is not echoed');
});

t.test('a refresh token of another profile is unknown here', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'flolive']);
  const login = await call(mock, 'POST', '/api/v2/auth/token', {
    json: { username: 'demo', password: 'demo' },
  });
  const { refreshToken } = (login.json as { content: { refreshToken: string }[] }).content[0] ?? {};
  const reply = await refresh(t, mock, { json: { refresh_token: refreshToken } });
  assertEnvelope(t, reply, 401, 'invalid_refresh_token');
});

t.test('20 concurrent calls of the refresh endpoint with one token: exactly one succeeds', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => refresh(t, mock, { json: { refresh_token: pair.refresh_token } })),
  );
  t.equal(replies.filter((r) => r.status === 200).length, 1);
  t.equal(replies.filter((r) => r.status === 401).length, 19);
  const winner = replies.find((r) => r.status === 200)?.json as Pair;
  const after = await refresh(t, mock, { json: { refresh_token: winner.refresh_token } });
  t.equal(
    after.status,
    401,
    'an explicit refresh gets no window: the losers were reuse, the family is revoked',
  );

  const lenient = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.reuseGraceSeconds': '5' } });
  const { pair: p } = await deviceLogin(t, lenient);
  const racing = await Promise.all(
    Array.from({ length: 20 }, () => refresh(t, lenient, { json: { refresh_token: p.refresh_token } })),
  );
  t.equal(racing.filter((r) => r.status === 200).length, 1);
  const won = racing.find((r) => r.status === 200)?.json as Pair;
  const kept = await refresh(t, lenient, { json: { refresh_token: won.refresh_token } });
  t.equal(kept.status, 200, 'reuse within the grace period is forgiven');
});

t.test('GET /api/user: the user behind a bearer or the access_token cookie', async (t) => {
  const mock = mockApp(t, ['dreadnode'], {
    users: [
      { username: 'demo', password: 'demo' },
      { username: 'eve@example.org', password: 'pw' },
    ],
  });
  const { pair } = await deviceLogin(t, mock);
  const byBearer = await getUser(t, mock, { authorization: `Bearer ${pair.access_token}` });
  t.equal(byBearer.status, 200);
  t.equal(byBearer.headers.get('cache-control'), 'no-store', 'it carries an API key');
  const user = byBearer.json as UserBody;
  t.match(user, {
    id: UUID,
    email_address: 'demo@example.com',
    username: 'demo',
    api_key: { key: /^[\w-]{32}$/ },
  });
  t.same(cookies(byBearer), [], 'a valid access token refreshes nothing');
  const byCookie = await getUser(t, mock, cookieHeader({ access_token: pair.access_token }));
  t.equal(byCookie.status, 200);
  t.same(byCookie.json, user, 'the same user, the same id and key, either way');
  const byBoth = await getUser(t, mock, cookieHeader(pair));
  t.same(byBoth.json, user, 'the CLI sends both cookies');
  const lowercase = await getUser(t, mock, { authorization: `bearer ${pair.access_token}` });
  t.equal(lowercase.status, 200, 'the scheme is case-insensitive (RFC 9110 §11.1)');

  // The bearer wins: a good bearer with a bad cookie works, a bad bearer with a good cookie does not.
  const goodBearer = await getUser(t, mock, {
    authorization: `Bearer ${pair.access_token}`,
    ...cookieHeader({ access_token: 'garbage' }),
  });
  t.equal(goodBearer.status, 200);
  const badBearer = await getUser(t, mock, {
    authorization: 'Bearer garbage',
    ...cookieHeader({ access_token: pair.access_token }),
  });
  assertEnvelope(t, badBearer, 401, 'invalid_access_token');

  // Another user: another id and key; an e-mail address as the name is its own address. With demo gone,
  // eve is the first user, the one device logins are approved for.
  const eve = mock.services.users.get('eve@example.org');
  mock.services.users.delete('demo');
  const { pair: evePair } = await deviceLogin(t, mock);
  const other = (await getUser(t, mock, { authorization: `Bearer ${evePair.access_token}` }))
    .json as UserBody;
  t.equal(other.id, eve?.id, "the id is the user's own");
  t.equal(other.email_address, 'eve@example.org');
  t.not(other.api_key.key, user.api_key.key);
  t.not(other.id, user.id);
});

t.test('GET /api/user refuses what cannot authenticate, with 401 in the envelope', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'flolive']);
  const { pair } = await deviceLogin(t, mock);
  assertEnvelope(t, await getUser(t, mock), 401, 'not_authenticated');
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: 'Basic ZGVtbzpkZW1v' }),
    401,
    'not_authenticated',
  );
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: 'Bearer not-a-token' }),
    401,
    'invalid_access_token',
  );
  const forged = `${pair.access_token.slice(0, -4)}AAAA`;
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: `Bearer ${forged}` }),
    401,
    'invalid_access_token',
  );
  const wrongKind = await getUser(t, mock, { authorization: `Bearer ${pair.refresh_token}` });
  assertEnvelope(t, wrongKind, 401, 'invalid_access_token');
  t.notMatch(wrongKind.text, pair.refresh_token.slice(-20), 'the token is not echoed');
  const flolive = await call(mock, 'POST', '/api/v2/auth/token', {
    json: { username: 'demo', password: 'demo' },
  });
  const { token } = (flolive.json as { content: { token: string }[] }).content[0] ?? { token: '' };
  assertEnvelope(
    t,
    await getUser(t, mock, { authorization: `Bearer ${token}` }),
    401,
    'invalid_access_token',
  );

  // A forged access token is refused even with a good refresh cookie: only an absent or expired one refreshes.
  const withRefresh = await getUser(
    t,
    mock,
    cookieHeader({ access_token: forged, refresh_token: pair.refresh_token }),
  );
  assertEnvelope(t, withRefresh, 401, 'invalid_access_token');
  t.same(cookies(withRefresh), [], 'nothing rotated');
  t.equal(
    mock.services.sessions.inspect(pair.refresh_token).status,
    'active',
    'the refresh token is untouched',
  );

  mock.services.clock.advance(3600);
  const expired = await getUser(t, mock, { authorization: `Bearer ${pair.access_token}` });
  assertEnvelope(t, expired, 401, 'access_token_expired');
  const expiredCookie = await getUser(t, mock, cookieHeader({ access_token: pair.access_token }));
  assertEnvelope(t, expiredCookie, 401, 'access_token_expired');
  const badRefresh = await getUser(t, mock, cookieHeader({ refresh_token: 'not-a-refresh-token' }));
  assertEnvelope(t, badRefresh, 401, 'invalid_refresh_token');

  const { pair: second } = await deviceLogin(t, mock);
  mock.services.sessions.revoke(String(claimsOf(second.access_token).sid), 'admin');
  const revoked = await getUser(t, mock, { authorization: `Bearer ${second.access_token}` });
  assertEnvelope(t, revoked, 401, 'invalid_access_token');
  t.match(revoked.json, { message: /revoked/ });

  const pending = await getUser(t, mock, { prefer: 'code=401' });
  assertEnvelope(t, pending, 401, 'not_authenticated');
  const undocumented = await call(mock, 'GET', USER, { headers: { prefer: 'code=404' } });
  t.match(undocumented.json, { type: 'tokenrig_invalid_directive', message: /404 is not documented/ });
  const wrongMethod = await call(mock, 'POST', USER);
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'GET');
  assertEnvelope(t, wrongMethod, 405, 'method_not_allowed');
});

t.test('server-side refresh through cookies: an expired access token is renewed on the spot', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const { pair } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  const reply = await getUser(t, mock, cookieHeader(pair));
  t.equal(reply.status, 200, 'answered as usual');
  t.match(reply.json, { username: 'demo', email_address: 'demo@example.com' });
  const rotated = cookieValues(reply);
  t.match(cookies(reply), [
    /^access_token=[\w.-]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
    /^refresh_token=[\w.-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
  ]);
  t.not(rotated.refresh_token, pair.refresh_token, 'the refresh token rotated');
  t.not(rotated.access_token, pair.access_token);
  t.ok(
    checkAccessToken(mock.services, rotated.access_token ?? '', 'dreadnode').ok,
    'the new access token works',
  );
  t.equal(mock.services.sessions.inspect(pair.refresh_token).status, 'reused', 'the old one is spent');
  const withNew = await getUser(t, mock, cookieHeader(rotated));
  t.equal(withNew.status, 200);
  t.same(cookies(withNew), [], 'a live pair is not rotated again');

  // A browser drops the access_token cookie at its Max-Age and sends the refresh_token alone.
  mock.services.clock.advance(3600);
  const alone = await getUser(t, mock, cookieHeader({ refresh_token: rotated.refresh_token ?? '' }));
  t.equal(alone.status, 200, 'a refresh cookie alone is enough');
  const third = cookieValues(alone);
  t.not(third.refresh_token, rotated.refresh_token);

  // Reuse detection as for the refresh endpoint, once the concurrency window (10 s) has passed.
  mock.services.clock.advance(10);
  const replay = await getUser(t, mock, cookieHeader(rotated));
  assertEnvelope(t, replay, 401, 'refresh_token_reused');
  const family = await getUser(t, mock, cookieHeader(third));
  t.equal(family.status, 401, 'the newest pair died with its family');

  // The refresh token's own expiry ends it: log in again.
  const { pair: week } = await deviceLogin(t, mock);
  mock.services.clock.advance(604_800);
  assertEnvelope(t, await getUser(t, mock, cookieHeader(week)), 401, 'refresh_token_expired');
});

t.test(
  'requests sent together with one expired pair: one rotation, the same successor for all',
  async (t) => {
    // A clock that stands still but for advance(): the lifetimes re-sent below are exact.
    const mock = mockApp(t, ['dreadnode'], { clock: createClock(() => 1_800_000_000_000) });
    const { pair } = await deviceLogin(t, mock);
    const sid = String(claimsOf(pair.refresh_token).sid);
    const family = () => mock.services.sessions.get(sid)?.refreshTokens.length;
    t.equal(family(), 1);
    mock.services.clock.advance(3600);
    // Promise.all does not interleave the handlers: app.request runs each one synchronously, from the
    // look-up to the rotation, before the next starts, as one event loop serves requests off a socket
    // (test/cookie-jar.test.ts sends such a burst over HTTP). What it does model is the burst itself:
    // every request was built from the same jar before any answer came back, so all carry the old pair.
    const burst = await Promise.all(Array.from({ length: 8 }, () => getUser(t, mock, cookieHeader(pair))));
    t.same(
      burst.map((r) => r.status),
      Array(8).fill(200),
      'every request answered',
    );
    const pairs = burst.map(cookieValues);
    t.equal(family(), 2, 'exactly one rotation');
    t.same(new Set(pairs.map((p) => p.refresh_token)).size, 1, 'one successor refresh token for all');
    t.same(new Set(pairs.map((p) => p.access_token)).size, 1, 'one successor access token for all');
    const late = await getUser(t, mock, cookieHeader(pair));
    t.match(cookies(late), [/; Max-Age=3600;/, /; Max-Age=604800;/], 'no time has passed on the mock clock');
    mock.services.clock.advance(9);
    const resent = await getUser(t, mock, cookieHeader(pair));
    t.equal(resent.status, 200, 'still inside the window');
    t.same(cookieValues(resent), pairs[0]);
    t.match(cookies(resent), [/; Max-Age=3591;/, /; Max-Age=604791;/], 'with the lifetimes they have left');
    const successor = pairs[0] ?? {};
    t.equal((await getUser(t, mock, cookieHeader(successor))).status, 200, 'the successor works');

    // Past the window the old pair is reuse again: the family is revoked.
    mock.services.clock.advance(1);
    assertEnvelope(t, await getUser(t, mock, cookieHeader(pair)), 401, 'refresh_token_reused');
    t.equal(
      (await getUser(t, mock, cookieHeader(successor))).status,
      401,
      'the successor is revoked with it',
    );

    // The window is what saves the burst: without it the second request of the same burst logs the user out.
    const strict = mockApp(t, ['dreadnode'], { settings: { 'dreadnode.concurrentRefreshSeconds': '0' } });
    const { pair: p } = await deviceLogin(t, strict);
    strict.services.clock.advance(3600);
    const strictBurst = await Promise.all(
      Array.from({ length: 3 }, () => getUser(t, strict, cookieHeader(p))),
    );
    t.same(
      strictBurst.map((r) => r.status),
      [200, 401, 401],
    );
    const winner = cookieValues(strictBurst[0] as Reply);
    t.equal(
      (await getUser(t, strict, cookieHeader(winner))).status,
      401,
      'reuse detection revoked the family',
    );

    // A successor that has itself been used gives no cover: the old token is reuse.
    const used = mockApp(t, ['dreadnode']);
    const { pair: q } = await deviceLogin(t, used);
    used.services.clock.advance(3600);
    const firstRotation = cookieValues(await getUser(t, used, cookieHeader(q)));
    const onward = await refresh(t, used, { json: { refresh_token: firstRotation.refresh_token } });
    t.equal(onward.status, 200);
    assertEnvelope(t, await getUser(t, used, cookieHeader(q)), 401, 'refresh_token_reused');

    // A rotation by the refresh endpoint covers the page's requests still carrying the old cookies too.
    const mixed = mockApp(t, ['dreadnode']);
    const { pair: m } = await deviceLogin(t, mixed);
    mixed.services.clock.advance(3600);
    const explicit = await refresh(t, mixed, { headers: cookieHeader({ refresh_token: m.refresh_token }) });
    const stale = await getUser(t, mixed, cookieHeader(m));
    t.equal(stale.status, 200);
    t.equal(cookieValues(stale).refresh_token, (explicit.json as Pair).refresh_token);
  },
);

t.test('cookies are Secure only when the client is on https', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const login = async (url: string, headers: Record<string, string> = {}) => {
    const code = (await call(mock, 'POST', url.replace('{path}', CODE))).json as DeviceCode;
    const res = await call(mock, 'POST', url.replace('{path}', TOKEN), {
      json: { device_code: code.device_code },
      headers,
    });
    return cookies(res);
  };
  const plain = await login('{path}');
  t.ok(plain.length === 2 && plain.every((c) => !/Secure/.test(c)), 'plain http: no Secure');
  const tls = await login('https://mock.test{path}');
  t.ok(tls.length === 2 && tls.every((c) => /; HttpOnly; SameSite=Lax; Secure$/.test(c)), 'https: Secure');
  const proxied = await login('{path}', { 'x-forwarded-proto': 'HTTPS' });
  t.ok(
    proxied.every((c) => /; Secure$/.test(c)),
    'behind a TLS proxy that says so: Secure',
  );
  const chain = await login('{path}', { 'x-forwarded-proto': 'http, https' });
  t.ok(
    chain.every((c) => !/Secure/.test(c)),
    "the first hop is the client's: http, no Secure",
  );

  const { pair } = await deviceLogin(t, mock);
  mock.services.clock.advance(3600);
  const rotated = await call(mock, 'GET', 'https://mock.test/api/user', { headers: cookieHeader(pair) });
  t.ok(
    cookies(rotated).every((c) => /; Secure$/.test(c)),
    'a rotation through cookies too',
  );
});

t.test('every documented error status on demand, in the canonical envelope with detail', async (t) => {
  const mock = mockApp(t, ['dreadnode']);
  const messages: Record<number, string> = {
    400: 'Invalid request',
    401: 'Authentication failed',
    403: 'Access forbidden',
    404: 'Not found',
    409: 'Already exists',
    422: 'Validation error',
    426: 'Upgrade required',
    429: 'Rate limited',
    500: 'Internal server error',
    502: 'Bad gateway',
    504: 'Gateway timeout',
  };
  for (const [key, message] of Object.entries(messages)) {
    const status = Number(key);
    const reply = await refresh(t, mock, { json: {}, headers: { prefer: `code=${status}` } });
    t.equal(reply.status, status);
    t.same(reply.json, {
      status,
      message,
      type: (reply.json as { type: string }).type,
      details: null,
      detail: message,
    });
    t.equal(reply.headers.get('cache-control'), 'no-store');
    if (status === 429) t.match(reply.headers.get('retry-after'), /^\d+$/, '429 carries Retry-After');
  }
  for (const [status, type] of [
    [400, 'invalid_device_code'],
    [401, 'authorization_pending'],
    [422, 'validation_error'],
  ] as const) {
    const reply = await call(mock, 'POST', TOKEN, {
      json: { device_code: 'x' },
      headers: { prefer: `code=${status}` },
    });
    assertDocumented(t, mock, 'dreadnode', 'device-token', reply);
    assertEnvelope(t, reply, status, type);
  }
  const code = await call(mock, 'POST', CODE, { headers: { prefer: 'code=200' } });
  t.equal(code.status, 200);
  assertDocumented(t, mock, 'dreadnode', 'device-code', code);

  const vendorCodes: [string, string, number][] = [
    ['refresh', 'refresh_token_reused', 401],
    ['refresh', 'refresh_token_expired', 401],
    ['refresh', 'not_authenticated', 401],
    ['refresh', 'rate_limited', 429],
    ['refresh', 'upgrade_required', 426],
    ['device-token', 'authorization_pending', 401],
    ['device-token', 'expired_token', 400],
    ['device-token', 'validation_error', 422],
    ['user', 'access_token_expired', 401],
    ['user', 'refresh_token_reused', 401],
  ];
  for (const [operation, type, status] of vendorCodes) {
    const path = operation === 'refresh' ? REFRESH : operation === 'user' ? USER : TOKEN;
    const reply = await call(mock, operation === 'user' ? 'GET' : 'POST', path, {
      ...(operation === 'user' ? {} : { json: { device_code: 'x' } }),
      headers: { prefer: `error=${type}` },
    });
    assertDocumented(t, mock, 'dreadnode', operation, reply);
    assertEnvelope(t, reply, status, type);
  }
  const notAuthenticated = await call(mock, 'GET', USER, { headers: { prefer: 'error=not_authenticated' } });
  t.match(
    notAuthenticated.json,
    { message: /bearer or the access_token cookie/ },
    "the user operation's own",
  );
  const queried = await call(mock, 'POST', `${REFRESH}?__code=504`, { json: {} });
  t.equal(queried.status, 504);
  assertDocumented(t, mock, 'dreadnode', 'refresh', queried);
  const undocumented = await refresh(t, mock, { json: {}, headers: { prefer: 'code=418' } });
  assertEnvelope(t, undocumented, 422, 'tokenrig_invalid_directive');
  t.match(undocumented.json, { message: /418 is not documented/ });
});

t.test('bad requests get a documented status in the envelope, never a crash', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { maxBodyBytes: 256 });
  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Parameters<typeof call>[3], number, string, unknown][] = [
    [
      'refresh: malformed JSON',
      'refresh',
      REFRESH,
      { body: '{"refresh_token":', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'refresh: wrong content type',
      'refresh',
      REFRESH,
      { body: 'refresh_token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      400,
      'invalid_request',
      null,
    ],
    ['refresh: no content type', 'refresh', REFRESH, { body: '{}' }, 400, 'invalid_request', null],
    [
      'refresh: mistyped token',
      'refresh',
      REFRESH,
      { json: { refresh_token: 5 } },
      422,
      'validation_error',
      [{ loc: ['body', 'refresh_token'] }],
    ],
    [
      'refresh: array body',
      'refresh',
      REFRESH,
      { json: [] },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'type' }],
    ],
    ['refresh: empty body', 'refresh', REFRESH, { body: '', headers: json }, 401, 'not_authenticated', null],
    [
      'refresh: oversized body',
      'refresh',
      REFRESH,
      { json: { refresh_token: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
    [
      'device-token: malformed JSON',
      'device-token',
      TOKEN,
      { body: 'nope', headers: json },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'json_invalid' }],
    ],
    [
      'device-token: wrong content type',
      'device-token',
      TOKEN,
      { body: 'device_code=x', headers: { 'content-type': 'text/plain' } },
      422,
      'validation_error',
      [{ loc: ['body'], type: 'model_attributes_type' }],
    ],
    [
      'device-token: mistyped field',
      'device-token',
      TOKEN,
      { json: { device_code: 42 } },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'type' }],
    ],
    [
      'device-token: empty body',
      'device-token',
      TOKEN,
      { body: '' },
      422,
      'validation_error',
      [{ loc: ['body', 'device_code'], type: 'required' }],
    ],
    [
      'device-token: oversized body',
      'device-token',
      TOKEN,
      { json: { device_code: 'x'.repeat(1000) } },
      422,
      'payload_too_large',
      null,
    ],
  ];
  for (const [name, op, path, options, status, type, details] of cases) {
    const reply = await call(mock, 'POST', path, options);
    t.equal(reply.status, status, name);
    assertDocumented(t, mock, 'dreadnode', op, reply);
    assertEnvelope(t, reply, status, type);
    if (details === null) t.equal((reply.json as { details: unknown }).details, null, `${name}: no details`);
    else t.match((reply.json as { details: unknown }).details, details, `${name}: details`);
  }
  const wrongMethod = await call(mock, 'GET', REFRESH);
  t.equal(wrongMethod.headers.get('allow'), 'POST');
  assertEnvelope(t, wrongMethod, 405, 'method_not_allowed');
  const unknown = await call(mock, 'POST', '/api/auth/elsewhere', { json: {} });
  assertEnvelope(t, unknown, 404, 'not_found');
  t.equal((unknown.json as { details: unknown }).details, null);
});

t.test('the same seed and clock give byte-identical answers', async (t) => {
  const clock = () => createClock(() => 1_800_000_000_000);
  const transcript = async (mock: MockApp) => {
    const code = await call(mock, 'POST', CODE);
    const device_code = (code.json as DeviceCode).device_code;
    const token = await call(mock, 'POST', TOKEN, { json: { device_code } });
    const pair = token.json as Pair;
    const refreshed = await call(mock, 'POST', REFRESH, { json: { refresh_token: pair.refresh_token } });
    const user = await call(mock, 'GET', USER, { headers: { authorization: `Bearer ${pair.access_token}` } });
    return [code.text, token.text, cookies(token).join('\n'), refreshed.text, user.text].join('\n');
  };
  const a = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  const b = await transcript(mockApp(t, ['dreadnode'], { clock: clock() }));
  t.equal(a, b);
  t.match(a, /"organization":\{"id":"[0-9a-f-]{36}","name":"[^"]+","key":"[a-z0-9-]+"\}/);
  t.match(a, /"api_key":\{"key":"[\w-]{32}"\}/);
  const c = await transcript(mockApp(t, ['dreadnode'], { clock: clock(), seed: 1 }));
  t.not(c, a, 'another seed, other codes, tokens and keys');
});

t.test('settings are checked', async (t) => {
  t.throws(() => mockApp(t, ['dreadnode'], { settings: { 'dreadnode.deviceApproval': 'sometimes' } }), {
    name: 'SettingsError',
    message: /auto or manual/,
  });
  t.throws(() => mockApp(t, ['dreadnode'], { settings: { 'dreadnode.concurrentRefreshSeconds': 'soon' } }), {
    name: 'SettingsError',
    message: /takes a number/,
  });
  const short = mockApp(t, ['dreadnode'], { accessTtl: 60, refreshTtl: 120 });
  const { pair, reply } = await deviceLogin(t, short);
  const claims = claimsOf(pair.access_token);
  t.equal(Number(claims.exp) - Number(claims.iat), 60, '--access-ttl reaches the profile');
  t.match(cookies(reply), [/Max-Age=60;/, /Max-Age=120;/], 'and the cookies');
  short.services.clock.advance(120);
  const expired = await refresh(t, short, { json: { refresh_token: pair.refresh_token } });
  t.equal(expired.status, 401, '--refresh-ttl reaches the profile');
});
