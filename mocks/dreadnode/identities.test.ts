import t from 'tap';
import type { User } from '../core/users.js';
import { createIdentities } from './identities.js';

const ann: User = {
  id: '7d9b2c1e-0000-4000-8000-000000000001',
  username: 'ann',
  password: 'x',
  createdAt: 0,
};
const bob: User = { ...ann, id: '7d9b2c1e-0000-4000-8000-000000000002', username: 'bob@corp.test' };

t.test('a user keeps one organization and one profile; the seed replays them', async (t) => {
  const a = createIdentities(1);
  const org = a.organizationOf(ann);
  t.match(org, { id: /^[0-9a-f-]{36}$/, name: String, key: /^[a-z0-9]+(-[a-z0-9]+)*$/ });
  t.same(a.organizationOf(ann), org, 'the same on every refresh');
  t.same(createIdentities(1).organizationOf(ann), org, 'the same seed, the same organization');
  t.not(createIdentities(2).organizationOf(ann).id, org.id, 'another seed, another one');
  t.not(a.organizationOf(bob).id, org.id, 'another user, another one');
});

t.test("GET /api/user's body: the vendor's members, an address that reaches nobody", async (t) => {
  const a = createIdentities(1);
  const profile = JSON.parse(a.profileOf(ann));
  t.match(profile, {
    id: ann.id,
    username: 'ann',
    email_address: 'ann@example.com',
    api_key: { key: /^[\w-]{32}$/ },
  });
  t.equal(
    JSON.parse(a.profileOf(bob)).email_address,
    'bob@corp.test',
    'a user name that is an address is kept',
  );
  t.not(JSON.parse(createIdentities(2).profileOf(ann)).api_key.key, profile.api_key.key);
});
