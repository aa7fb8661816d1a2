import t from 'tap';
import { loadContracts, type OperationContract } from '../../schemas/load.js';
import { VCF_ERRORS } from '../vcf/errors.js';
import { FaultTargets } from './fault-targets.js';
import type { ErrorSpec } from './mock-error.js';

const vcf = loadContracts(['vcf']).get('vcf');
const op = (id: string) => vcf?.operations.get(id) as OperationContract;
const generic = (status: number): ErrorSpec => ({
  code: `G${status}`,
  status,
  message: '',
  provenance: 'assumed',
});
const targets = new FaultTargets('vcf', VCF_ERRORS, generic);

t.test('an error code the catalogue has, or why not (with the codes it has)', (t) => {
  t.equal(targets.unknownError('VCF_REFRESH_TOKEN_NOT_FOUND'), undefined);
  t.match(
    targets.unknownError('AUTH_1002'),
    /^vcf has no error code AUTH_1002; known: VCF_INVALID_REQUEST, /,
  );
  t.end();
});

t.test('a status the operation documents, or why not (with the documented ones)', (t) => {
  t.equal(targets.undocumentedStatus(op('login'), 401), undefined);
  t.equal(
    targets.undocumentedStatus(op('revoke'), 500),
    'status 500 is not documented for vcf revoke (documented: 204, 400, 404)',
  );
  t.end();
});

t.test('the entry for a code or a status: the operation own first, then the profile-wide one', (t) => {
  t.equal(targets.errorByCode('VCF_AUTHENTICATION_FAILED', 'refresh'), VCF_ERRORS.INVALID_CREDENTIALS);
  t.equal(targets.errorForStatus('refresh', 404), VCF_ERRORS.REFRESH_TOKEN_NOT_FOUND, 'own 404');
  t.equal(targets.errorForStatus('login', 404), VCF_ERRORS.NOT_FOUND, 'profile-wide 404');
  t.same(targets.errorForStatus('login', 418), generic(418), 'nobody catalogued 418');
  t.end();
});

t.test('an entry listed under two names counts once', (t) => {
  const aliased = new FaultTargets('x', { A: VCF_ERRORS.NOT_FOUND, B: VCF_ERRORS.NOT_FOUND }, generic);
  t.match(aliased.unknownError('nope'), /known: VCF_NOT_FOUND$/);
  t.end();
});
