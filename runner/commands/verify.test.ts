import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { spawnMock, tokenrig } from '../../test/helpers/spawn.js';
import { EXIT } from '../exit-codes.js';

const demo = JSON.stringify({ username: 'demo', password: 'demo' });

t.test(
  'tokenrig verify: exit 0 when the count holds, 1 with what was seen, 2 when it cannot say',
  async (t) => {
    const mock = await spawnMock(['--port', '0', '--quiet', '--api', 'vcf', '--journal-size', '3']);
    t.teardown(() => {
      mock.child.kill('SIGTERM');
    });
    const login = async () =>
      (
        await fetch(`${mock.url}/v1/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: demo,
        })
      ).status;
    t.equal(await login(), 200);
    t.equal(await login(), 200);
    const verify = (...args: string[]) => tokenrig(['verify', '--target', mock.url, ...args]);

    const twice = await verify('--operation', 'login', '--status', '200', '--count', '2');
    t.equal(twice.code, EXIT.OK, twice.stderr);
    t.match(twice.stdout, /^verified: 2 requests match operation=login status=200 \(expected 2\)/);
    t.match(twice.stdout, /#2 \S+ POST \/v1\/tokens 200 login session=\S+/);

    const once = await verify('--operation', 'login', '--count', '1');
    t.equal(once.code, EXIT.FAILURES);
    t.match(once.stdout, /^not verified: 2 requests match operation=login \(expected 1\)/);
    t.match(once.stderr, /not verified: 2 matching, expected 1/);

    const recent = await verify('--since', '1h', '--status', '2XX', '--count', '>=2');
    t.equal(recent.code, EXIT.OK, 'a duration is read against the mock clock');
    const future = await verify('--since', '2099-01-01T00:00:00Z', '--count', '0');
    t.equal(future.code, EXIT.OK);

    const json = await verify('--operation', 'login', '--json');
    t.equal(json.code, EXIT.OK);
    t.match(JSON.parse(json.stdout), { verified: true, count: '>=1', matched: 2 });

    // Two more logins: the journal of three has dropped the first request, so "exactly 4" is unknown.
    await login();
    await login();
    const dropped = await verify('--operation', 'login', '--count', '4');
    t.equal(dropped.code, EXIT.USAGE);
    t.match(
      dropped.stderr,
      /cannot decide count 4: 3 matching requests are held, but the journal has dropped 1/,
    );

    const bad = await verify('--count', 'lots');
    t.equal(bad.code, EXIT.USAGE);
    t.match(bad.stderr, /invalid admin request/);
    const badTime = await verify('--since', 'yesterday');
    t.equal(badTime.code, EXIT.USAGE);
    t.match(badTime.stderr, /--since expects an ISO 8601 time or a duration/);
  },
);

t.test('tokenrig verify against no mock: exit 3 saying why', async (t) => {
  // A port that was just free: nothing listens on it.
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const down = await tokenrig(['verify', '--target', `http://127.0.0.1:${port}`, '--timeout', '2000']);
  t.equal(down.code, EXIT.UNREACHABLE);
  t.match(down.stderr, `http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
  const notUrl = await tokenrig(['verify', '--target', 'ftp://x']);
  t.equal(notUrl.code, EXIT.USAGE);
});
