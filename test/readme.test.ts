import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { freePorts } from './helpers/busy-port.js';
import { SEED } from './helpers/mock.js';
import { runProcess } from './helpers/spawn.js';

/**
 * The README's curl sessions are run exactly as pasted (only the port is swapped for a free one), so
 * the documentation cannot drift from what the mock does.
 */
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((block) => block.includes('curl '));

/** What each session must print: the vendor's own success fields and error codes. */
const EXPECTED: [RegExp, RegExp[]][] = [
  [/\/__admin\/requests\/stream/, [/event: request\nid: \d+\ndata: \{"id":\d+,.*"path":"\/v1\/tokens"/]],
  [/--store redis:/, [/^refresh on B: 200$/m, /^login on \d+: 500\nlogin on \d+: 500\nlogin on \d+: 200$/m]],
  [
    /--namespace ci-1/,
    [/in namespace ci-1/, /in namespace ci-2/, /"name":"ci-1"/, /"name":"ci-2"/, /"clockOffsetSeconds":0/],
  ],
  [
    /Tokenrig-Namespace: job-a/,
    [
      /"validityTime":3600/,
      /"offsetSeconds":86400/,
      /^204$/m,
      /"sessions":1,.*"namespace":"job-a"/,
      /"name":"job-a"/,
      /"errorCode":"[^"]+".*namespace name \\"no spaces\\" may hold only/,
    ],
  ],
  [
    /\/__admin\/client-report/,
    [
      /^should concurrent-rotation: 2 refreshes presented the same refresh token/m,
      /^must token-in-query: 1 request/m,
    ],
  ],
  [
    /\/__admin\/verify/,
    [/"verified":true/, /verified: \d+ requests? match profile=vcf operation=login since=/],
  ],
  [
    /\/__admin\/scenarios/,
    [
      /^short-lived=5 active=true$/m,
      /^5$/m,
      /^refresh 200\nrefresh 200\nrefresh 401$/m,
      /^short-lived revoked$/m,
      /^revoked: true$/m,
      /^flaky-refresh: false$/m,
      /^204$/m,
    ],
  ],
  [
    /\/v1\/tokens/,
    [
      /"accessToken":"eyJ/,
      /"refreshToken":\{"id":"[0-9a-f-]{36}"\}/,
      /^204$/m,
      /VCF_REFRESH_TOKEN_NOT_FOUND/,
      /VCF_INTERNAL_SERVER_ERROR/,
    ],
  ],
  [/\/ccstore\/v1/, [/"token_type":"bearer"/, /"success":true/, /"result":true/, /"status":"401"/]],
  [/\/api\/auth\//, [/"device_code":/, /"organization":\{/, /"status":401/]],
  [/\/api\/v2\/auth/, [/"validityTime":3600/, /AUTH_1002/]],
  [/\/api\/v1\/authenticate/, [/"jwtToken":"eyJ/, /invalidRefreshToken/]],
  [
    /\/__admin\/faults/,
    [
      /"id":"rule-1","profile":"flolive","operation":"refresh","error":"AUTH_1002","count":2,"remaining":2,"hits":0,"createdAt":"\d{4}-/,
    ],
  ],
];

t.test('README curl sessions work against the running mock', async (t) => {
  t.ok(blocks.length >= 6, `found ${blocks.length} curl sessions`);
  const running = await startMockServer({ port: 0, seed: SEED });
  t.teardown(() => running.close());
  for (const block of blocks) {
    // The scale-out session starts a Redis and two mocks of its own: on free ports, not the README's.
    const ports = block.includes('REDIS_PORT=') ? await freePorts(3) : [];
    const script = block
      .replaceAll('http://127.0.0.1:4010', running.url)
      .replace(/^REDIS_PORT=\d+ A=\d+ B=\d+$/m, `REDIS_PORT=${ports[0]} A=${ports[1]} B=${ports[2]}`);
    const result = await runProcess('bash', ['-euo', 'pipefail', '-c', script]);
    const name = block.split('\n').find((l) => l.includes('curl')) ?? block;
    t.equal(result.code, 0, `runs cleanly: ${name}`, { stderr: result.stderr, stdout: result.stdout });
    t.notMatch(result.stdout, /undefined/, 'every captured value was found');
    const expected = EXPECTED.find(([marker]) => marker.test(block));
    t.ok(expected, `the test knows what to expect of: ${name}`);
    for (const pattern of expected?.[1] ?? []) t.match(result.stdout, pattern, `${name} prints ${pattern}`);
  }
});
