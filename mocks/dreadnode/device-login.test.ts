import t from 'tap';
import {
  assertEnvelope,
  CODE,
  claimsOf,
  type DeviceCode,
  FORM,
  PAGE,
  type Pair,
  TOKEN,
} from '../../test/helpers/dreadnode.js';
import { assertDocumented, call, mockApp } from '../../test/helpers/mock.js';

/** The device login the vendor's CLI drives: codes, polling, and the approval page it opens. */
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
