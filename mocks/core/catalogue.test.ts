import t from 'tap';
import { DREADNODE_ERRORS } from '../dreadnode/errors.js';
import { VCF_ERRORS } from '../vcf/errors.js';
import { reason, resolveRoles } from './catalogue.js';

t.test('each role from the catalogue entry of its usual name', (t) => {
  const roles = resolveRoles('vcf', VCF_ERRORS, {});
  t.equal(roles.malformed, VCF_ERRORS.MALFORMED_JSON);
  t.equal(roles.notFound, VCF_ERRORS.NOT_FOUND);
  t.equal(roles.directive, VCF_ERRORS.DIRECTIVE);
  t.end();
});

t.test('a profile names the roles it answers otherwise', (t) => {
  const roles = resolveRoles('dreadnode', DREADNODE_ERRORS, {
    malformed: DREADNODE_ERRORS.VALIDATION_ERROR,
    mediaType: DREADNODE_ERRORS.INVALID_REQUEST,
  });
  t.equal(roles.malformed, DREADNODE_ERRORS.VALIDATION_ERROR);
  t.equal(roles.invalid, DREADNODE_ERRORS.INVALID_REQUEST, 'the rest still by name');
  t.end();
});

t.test('a role with neither an entry nor a name is a start-up error', (t) => {
  t.throws(() => resolveRoles('dreadnode', DREADNODE_ERRORS, {}), {
    message: 'dreadnode: no error for malformed; add MALFORMED_JSON to its catalogue or name one',
  });
  t.end();
});

t.test('reason phrases', (t) => {
  t.equal(reason(429), 'Too Many Requests');
  t.equal(reason(599), 'Error');
  t.end();
});
