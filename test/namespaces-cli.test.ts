import t from 'tap';
import { EXIT } from '../runner/exit-codes.js';
import { admin, run, startMock } from './helpers/namespaces.js';
import { tokenrig } from './helpers/spawn.js';

// Namespaces from the command line: which world `tokenrig run --namespace` uses, what it does when
// the mock refuses one, and `tokenrig mock`'s limits (test/namespaces.test.ts: parallel runs).

t.test('--namespace names the world the run uses: a rule there fails the run; --no-namespace', async (t) => {
  const mock = await startMock(t);
  const rule = { profile: 'flolive', operation: 'login', status: 500 };
  t.equal((await admin(mock, 'POST', '/faults', { ns: 'poisoned', body: rule })).status, 201);
  const poisoned = await run(mock, ['--api', 'flolive', '--namespace', 'poisoned']);
  t.equal(poisoned.code, EXIT.UNREACHABLE, 'its login fails in that namespace');
  t.equal(poisoned.report?.namespace, 'poisoned');
  const clean = await run(mock, ['--api', 'flolive', '--namespace', 'clean']);
  t.equal(clean.code, EXIT.OK, 'another namespace is not touched by it');
  t.equal(clean.report?.namespace, 'clean');
  t.equal(((await admin(mock, 'GET', '/faults', { ns: 'poisoned' })).json as unknown[]).length, 1);

  const shared = await run(mock, ['--api', 'flolive', '--no-namespace']);
  t.equal(shared.code, EXIT.OK, '--no-namespace: green in the mock’s own world');
  t.equal(shared.report?.namespace, undefined, 'no namespace reported');
  t.notMatch(shared.stdout, /in namespace/);
  t.equal((await admin(mock, 'POST', '/faults', { body: rule })).status, 201);
  const own = await run(mock, ['--api', 'flolive', '--no-namespace']);
  t.equal(own.code, EXIT.UNREACHABLE, "and it is the own world's rule that fails it");
  const fresh = await run(mock, ['--api', 'flolive', '--var', 'note=1']);
  t.equal(fresh.code, EXIT.OK, 'by default a fresh namespace, which has no rule');
  t.match(
    fresh.stderr,
    /note: the run is in a fresh namespace, run-[0-9a-f]{12}, which does not have what the mock's own world was given at run time \(fault rules \[\] → \[.*"operation":"login".*\]\); --no-namespace runs there/,
    'and says so, since the own world was given a rule',
  );
  t.match(fresh.stderr, /a --var naming the mock's state \(a token, a session\) must come from it/);
});

t.test('a namespace the mock refuses stops the run before any case, with the reason', async (t) => {
  const mock = await startMock(t, ['--max-namespaces', '1']);
  const bad = await run(mock, ['--api', 'vcf', '--namespace', 'no spaces']);
  t.equal(bad.code, EXIT.USAGE, 'a bad name is a usage error');
  t.match(
    bad.stdout + bad.stderr,
    /namespace no spaces on .* cannot be used: namespace name "no spaces" may hold only/,
  );
  t.equal((await admin(mock, 'GET', '/health', { ns: 'busy' })).status, 200, 'one namespace, in use');
  const full = await run(mock, ['--api', 'vcf', '--namespace', 'another']);
  t.equal(full.code, EXIT.UNREACHABLE, 'no room: the target cannot serve the run');
  t.match(full.stdout + full.stderr, /all 1 namespaces are in use/);
  t.ok(
    full.report?.cases.every((c) => c.status === 'skipped'),
    'no case ran',
  );
  const embedded = await tokenrig(['run', '--api', 'vcf', '--reporter', 'console', '--namespace', 'x y']);
  t.equal(embedded.code, EXIT.USAGE, 'the embedded mock refuses a bad name too');
});

t.test('tokenrig mock: the banner says how many namespaces, bad limits are usage errors', async (t) => {
  const mock = await startMock(t, ['--api', 'vcf', '--max-namespaces', '3']);
  t.match(
    mock.stdout(),
    /namespaces: up to 3, by a Tokenrig-Namespace header or http:\/\/127\.0\.0\.1:\d+\/__ns\/<name>\//,
  );
  t.match((await admin(mock, 'GET', '/health')).json, { namespace: null, namespaces: 0, maxNamespaces: 3 });
  const off = await startMock(t, ['--api', 'vcf', '--max-namespaces', '0']);
  t.match(off.stdout(), /namespaces: off/);
  for (const args of [
    ['--max-namespaces', '-1'],
    ['--max-namespaces', '2.5'],
    ['--namespace-max-sessions', '0'],
  ]) {
    const outcome = await tokenrig(['mock', '--port', '0', ...args]);
    t.equal(outcome.code, EXIT.USAGE, args.join(' '));
    t.match(outcome.stderr, /namespace/i);
  }
});
