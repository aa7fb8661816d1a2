import { spawnSync } from 'node:child_process';
import t from 'tap';
import { curlLine, curlVariables } from './curl.js';
import { CURL_SECRET_KINDS } from './curl-variables.js';
import { Redactor } from './redact.js';

/** bash's own verdict on a line: parsed without running (`bash -n`). */
function bashParses(line: string): { ok: boolean; stderr: string } {
  const r = spawnSync('bash', ['-n'], { input: `${line}\n`, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

/** The words bash makes of a line, with the variables exported: what curl would receive. */
function bashWords(line: string, env: Record<string, string>): string[] {
  const script = `set -- ${line.replace(/^curl /, '')}; for w in "$@"; do printf '%s\\0' "$w"; done`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return r.stdout.split('\0').slice(0, -1);
}

const redactor = () => {
  const r = new Redactor(true);
  r.add('tok-12345678');
  r.add('ref-abcdefgh');
  return r;
};

t.test('each secret is a named shell variable; the line stays valid shell and means the same', async (t) => {
  const request = {
    method: 'PUT',
    url: 'http://127.0.0.1:4010/api/v2/auth/token?token=tok-12345678',
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer tok-12345678',
      cookie: 'a=1; refresh_token=ref-abcdefgh',
    },
    body: `{"token":"tok-12345678x","note":"it's","refreshToken":"ref-abcdefgh"}`,
  };
  const line = curlLine(request, redactor());
  t.equal(
    line,
    `curl -sS -i -X PUT 'http://127.0.0.1:4010/api/v2/auth/token?token='"$TOKENRIG_ACCESS_TOKEN" -H 'content-type: application/json' -H 'authorization: Bearer '"$TOKENRIG_ACCESS_TOKEN" -H 'cookie: a='"$TOKENRIG_SECRET"'; refresh_token='"$TOKENRIG_REFRESH_TOKEN" --data-raw '{"token":"'"$TOKENRIG_ACCESS_TOKEN"'x","note":"it'\\''s","refreshToken":"'"$TOKENRIG_REFRESH_TOKEN"'"}'`,
  );
  t.notMatch(line, /tok-12345678|ref-abcdefgh|\[redacted\]/);
  t.same(bashParses(line), { ok: true, stderr: '' });
  const env = {
    TOKENRIG_ACCESS_TOKEN: 'tok-12345678',
    TOKENRIG_REFRESH_TOKEN: 'ref-abcdefgh',
    TOKENRIG_SECRET: '1',
  };
  t.same(
    bashWords(line, env),
    [
      '-sS',
      '-i',
      '-X',
      'PUT',
      request.url,
      '-H',
      'content-type: application/json',
      '-H',
      'authorization: Bearer tok-12345678',
      '-H',
      'cookie: a=1; refresh_token=ref-abcdefgh',
      '--data-raw',
      request.body,
    ],
    'with the variables exported, bash hands curl exactly the request that was sent',
  );
  const shown = curlLine(request, new Redactor(false));
  t.match(shown, /Bearer tok-12345678/, 'shown with --show-secrets');
  t.notMatch(shown, /\$TOKENRIG_/);
});

t.test('the most specific kind names a secret; two of a kind in one line are numbered', async (t) => {
  const r = redactor();
  r.add('demo');
  const login = curlLine(
    {
      method: 'POST',
      url: 'http://x/login',
      headers: {},
      body: 'grant_type=password&username=demo&password=demo',
    },
    r,
  );
  t.match(
    login,
    /username='"\$TOKENRIG_PASSWORD"'&password='"\$TOKENRIG_PASSWORD"$/,
    'the user name equals it',
  );
  const swapped = curlLine(
    {
      method: 'POST',
      url: 'http://x/r',
      headers: { cookie: 'refresh_token=tok-12345678' },
      body: '{"refreshToken":"ref-abcdefgh","id_token":"eyJhbGciOi.eyJzdWIiOiIx.c2ln"}',
    },
    r,
  );
  t.match(swapped, /refresh_token='"\$TOKENRIG_REFRESH_TOKEN"/);
  t.match(swapped, /"refreshToken":"'"\$TOKENRIG_REFRESH_TOKEN_2"'"/);
  t.match(swapped, /"id_token":"'"\$TOKENRIG_ID_TOKEN"'"/, 'a JWT the run never captured is still hidden');
  t.ok(bashParses(swapped).ok);
  const vars = curlVariables([login, swapped]);
  t.same(
    vars.map((v) => v.name),
    ['TOKENRIG_PASSWORD', 'TOKENRIG_REFRESH_TOKEN', 'TOKENRIG_REFRESH_TOKEN_2', 'TOKENRIG_ID_TOKEN'],
  );
  for (const v of vars) t.ok(v.obtain.length > 20, `${v.name} says how to obtain it`);
});

t.test('an Authorization or Cookie value with no known secret is hidden whole', async (t) => {
  const line = curlLine(
    {
      method: 'GET',
      url: 'http://x/',
      headers: {
        Authorization: 'Basic Y2xpZW50OnNlY3JldA==',
        Cookie: 'session=s3cr3t-value',
        'X-Api-Key': 'k',
      },
    },
    redactor(),
  );
  t.equal(
    line,
    `curl -sS -i -X GET 'http://x/' -H 'Authorization: Basic '"$TOKENRIG_BASIC_CREDENTIALS" -H 'Cookie: session='"$TOKENRIG_SECRET" -H 'X-Api-Key: k'`,
  );
  t.same(
    curlVariables([line]).map((v) => v.kind),
    ['Basic credentials', 'secret'],
  );
});

t.test(
  'every kind has a unique variable name and a way to obtain it; the last matches anything',
  async (t) => {
    const names = CURL_SECRET_KINDS.map((k) => k.name);
    t.equal(new Set(names).size, names.length);
    for (const k of CURL_SECRET_KINDS) t.match(k.name, /^TOKENRIG_[A-Z_]+[A-Z]$/);
    t.ok(CURL_SECRET_KINDS.at(-1)?.label.test('anything'));
    t.same(curlVariables(['curl -X GET http://x/ # "$HOME" "$TOKENRIG_NOT_A_KIND"']), []);
  },
);

t.test('a secret after part of a value is named by its key ("not-" + the password)', async (t) => {
  const r = new Redactor(true);
  r.add('demo');
  const line = curlLine(
    { method: 'POST', url: 'http://x/', headers: {}, body: '{"username":"demo","password":"not-demo"}' },
    r,
  );
  t.match(line, /"password":"not-'"\$TOKENRIG_PASSWORD"'"/);
  t.notMatch(line, /TOKENRIG_SECRET/, 'the user name equal to it is the password too');
});
