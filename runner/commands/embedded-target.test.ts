import t from 'tap';
import { DEFAULT_USER } from '../../mocks/app.js';
import { loadContracts } from '../../schemas/load.js';
import { DEFAULT_CREDENTIALS } from '../options.js';
import { resolveTarget } from './embedded-target.js';

t.test('the runner logs in by default as the account a tokenrig mock has by default', async (t) => {
  t.same(DEFAULT_CREDENTIALS, DEFAULT_USER);
});

t.test('a given target is used as is; without one, the mock answers on loopback until closed', async (t) => {
  const contracts = loadContracts(['kirjaswappi']);
  const options = { seed: 1, apis: ['kirjaswappi'] as const, username: 'u', password: 'p', contracts };
  const given = await resolveTarget('http://127.0.0.1:9/', options);
  t.same([given.url, given.embedded], ['http://127.0.0.1:9/', false]);
  await given.close();

  const embedded = await resolveTarget(undefined, options);
  t.ok(embedded.embedded);
  t.match(embedded.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${embedded.url}/__admin/health`);
  t.equal(health.status, 200);
  await embedded.close();
  await t.rejects(fetch(`${embedded.url}/__admin/health`), 'closed');
});
