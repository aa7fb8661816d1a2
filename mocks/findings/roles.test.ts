import t from 'tap';
import { loadContracts, PROFILE_IDS } from '../../schemas/load.js';
import { CLIENT_PROFILES } from './roles.js';

t.test("every operation of every profile's contract has a role, and no role names another", (t) => {
  const contracts = loadContracts(PROFILE_IDS);
  for (const id of PROFILE_IDS) {
    const operations = [...(contracts.get(id)?.operations.keys() ?? [])].sort();
    t.strictSame(Object.keys(CLIENT_PROFILES[id].roles).sort(), operations, id);
    const roles = Object.values(CLIENT_PROFILES[id].roles);
    t.ok(roles.includes('login') && roles.includes('refresh'), `${id}: a login and a refresh`);
  }
  t.end();
});
