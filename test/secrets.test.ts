import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import t from 'tap';
import { createMockApp } from '../mocks/app.js';
import { startBrokenTarget } from './fixtures/targets.js';
import { SEED } from './helpers/mock.js';
import { tokenrig } from './helpers/spawn.js';

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const SECRET_KEY = /token|^device_code$|^user_code$|^api_key$/i;

/** Token-like values of an answer: members with secret names, and a body that is itself a token. */
function collect(value: unknown, key: string | undefined, into: Set<string>): void {
  if (typeof value === 'string') {
    if (key === undefined || SECRET_KEY.test(key)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, key, into);
  } else if (value !== null && typeof value === 'object') {
    // Inside a token member everything is the token (VMware's `refreshToken: {id}`).
    const inherited = key !== undefined && SECRET_KEY.test(key);
    for (const [k, v] of Object.entries(value)) collect(v, inherited ? key : k, into);
  }
}

t.test(
  'no secret the run used appears in any report, the console, the mock log or its journal',
  async (t) => {
    const log: string[] = [];
    const issued = new Set<string>();
    const mock = createMockApp({ seed: SEED, log: (line) => log.push(line) });
    // Every credential the mock hands out, read off its answers: sessions expire and are evicted during
    // the run (the expiry cases move the clock), so the store alone would not remember them all.
    const recorder = new Hono();
    recorder.use('*', async (c, next) => {
      await next();
      for (const cookie of c.res.headers.getSetCookie())
        issued.add(cookie.replace(/^[^=]*=([^;]*).*$/, '$1'));
      try {
        collect(JSON.parse(await c.res.clone().text()), undefined, issued);
      } catch {
        // Not JSON: nothing issued.
      }
      // The admin API's mask for a hidden password (read when a run puts the mock back) is no secret.
      issued.delete('[redacted]');
    });
    recorder.route('/', mock.app);
    const server = createAdaptorServer({ fetch: recorder.fetch });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const username = 'audit-user';
    const password = 'c0rrect-h0rse-battery-staple';
    mock.services.users.add(username, password);

    const out = t.testdir();
    const run = await tokenrig([
      'run',
      '--target',
      url,
      '--username',
      username,
      '--password',
      password,
      '--reporter',
      'console,json,junit,html,tap',
      '--out',
      out,
      '--fuzz',
      '200',
      '--seed',
      String(SEED),
    ]);
    t.equal(run.code, 0, run.stderr);
    const secrets = new Set<string>([password, ...[...issued].filter((s) => s.length >= 8)]);
    t.ok(secrets.size > 100, `${secrets.size} secrets to look for`);

    const journal = await (await fetch(`${url}/__admin/requests`)).text();
    const places: [string, string][] = [
      ...readdirSync(out).map((file): [string, string] => [file, readFileSync(join(out, file), 'utf8')]),
      ['stdout (TAP)', run.stdout],
      ['stderr (console)', run.stderr],
      ['mock log', log.join('\n')],
      ['mock journal', journal],
    ];
    t.equal(places.length, 7, 'three report files, TAP and console output, the mock log and journal');
    for (const [place, text] of places) {
      const leaked = [...secrets].filter((s) => text.includes(s));
      t.same(leaked, [], `${place}: none of the ${secrets.size} secrets`);
      t.notMatch(text, JWT, `${place}: no JWT`);
    }
  },
);

t.test('--show-secrets shows them, when asked', async (t) => {
  const target = await startBrokenTarget('wrong-envelope', { apis: ['kirjaswappi'] });
  t.teardown(() => target.close());
  for (const show of [false, true]) {
    const out = t.testdir();
    const args = ['run', '--target', target.url, '--api', 'kirjaswappi', '--reporter', 'json', '--out', out];
    const run = await tokenrig(show ? [...args, '--show-secrets'] : args);
    t.equal(run.code, 1, run.stderr);
    const report = readFileSync(join(out, 'report.json'), 'utf8');
    if (show) t.match(report, /"refreshToken\\":\\"eyJ/, 'tokens in curl lines, as asked');
    else
      t.match(
        report,
        /"refreshToken\\":\\"'\\"\$TOKENRIG_REFRESH_TOKEN\\"'/,
        'a named shell variable by default',
      );
  }
});
