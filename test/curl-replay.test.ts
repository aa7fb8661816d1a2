import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { startMockServer } from '../mocks/server.js';
import { curlVariables } from '../runner/curl.js';
import { allFindings } from '../runner/run/fold.js';
import { SEED } from './helpers/mock.js';
import { contracts, postJson, run } from './helpers/runner.js';

// A redacted curl line is replayed for real: bash runs it with the variable exported and curl gets
// the status the run saw.

/**
 * Runs a curl line in bash with only these variables (and PATH) set; the status of its `-i` output.
 * Asynchronous: the mock answering it runs in this process.
 */
async function replay(
  line: string,
  env: Record<string, string>,
): Promise<{ status: number | undefined; stderr: string }> {
  const r = await promisify(execFile)('bash', ['-c', line], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(r.stdout)?.[1];
  return { status: status === undefined ? undefined : Number(status), stderr: r.stderr };
}

t.test('a tampered-token finding replays with $TOKENRIG_REFRESH_TOKEN exported: same status', async (t) => {
  // The observed quirk answers a tampered refresh token with 500: a finding with a curl line.
  const mock = await startMockServer({
    port: 0,
    seed: SEED,
    contracts,
    apis: ['kirjaswappi'],
    quirks: ['kirjaswappi.malformed-token-500'],
  });
  t.teardown(() => mock.close());
  const report = await run(mock.url, ['kirjaswappi']);
  const tampered = report.cases.find((c) => c.id === 'kirjaswappi.refresh.tampered-token');
  const finding = allFindings(tampered?.failures ?? []).find((f) =>
    f.curl?.includes('$TOKENRIG_REFRESH_TOKEN'),
  );
  const line = finding?.curl ?? '';
  t.match(line, /"refreshToken":"'"\$TOKENRIG_REFRESH_TOKEN"'x"/, 'the token plus a character, named');
  t.notMatch(line, /\[redacted\]/);
  const sent = tampered?.steps.find((s) => s.name === finding?.step)?.status;
  t.equal(sent, 500);
  t.same(
    curlVariables([line]).map((v) => v.name),
    ['TOKENRIG_REFRESH_TOKEN'],
    'the report says how to obtain it',
  );
  t.ok(
    report.curlVariables === undefined ||
      report.curlVariables.some((v) => v.name === 'TOKENRIG_REFRESH_TOKEN'),
  );

  // A fresh refresh token, as the hint says: log in as the suite does.
  const login = await postJson(`${mock.url}/api/v1/authenticate`, { username: 'demo', password: 'demo' });
  const refreshToken = (login.json as { refreshToken?: string } | undefined)?.refreshToken;
  t.type(refreshToken, 'string', `logged in (${login.status})`);
  t.equal(spawnSync('bash', ['-n'], { input: line }).status, 0, 'bash -n parses it');
  const replayed = await replay(line, { TOKENRIG_REFRESH_TOKEN: refreshToken ?? '' });
  t.equal(replayed.status, sent, 'the status the run saw');
  t.notMatch(replayed.stderr, /curl:/, 'curl took the line as it is');
});
