import t from 'tap';
import { loadContracts, type OperationContract } from '../../schemas/load.js';
import { VCF_ERRORS } from '../vcf/errors.js';
import { FaultTargets } from './fault-targets.js';
import { MockError } from './mock-error.js';
import { resolveDirectives } from './resolve-directives.js';

const vcf = loadContracts(['vcf']).get('vcf');
const login = vcf?.operations.get('login') as OperationContract;
const targets = new FaultTargets('vcf', VCF_ERRORS, (status) => ({
  code: `G${status}`,
  status,
  message: '',
  provenance: 'assumed',
}));
const resolve = (d: Parameters<typeof resolveDirectives>[0]) =>
  resolveDirectives(d, login, targets, VCF_ERRORS.DIRECTIVE);

t.test('a vendor error code: its entry, with the status asked for', (t) => {
  const error = resolve({ error: 'VCF_AUTHENTICATION_FAILED', code: 400 });
  t.ok(error instanceof MockError);
  t.match(error, { spec: VCF_ERRORS.INVALID_CREDENTIALS, status: 400 });
  t.end();
});

t.test('a status: an error entry for an error status, the status itself for a success', (t) => {
  t.match(resolve({ code: 401 }), { spec: VCF_ERRORS.INVALID_CREDENTIALS, status: 401 });
  t.equal(resolve({ code: 201 }), 201);
  t.equal(resolve({ delayMs: 5 }), undefined, 'no status or error: answer as usual');
  t.end();
});

t.test('what the profile cannot honour is the directive error, saying why', (t) => {
  const unknown = resolve({ error: 'AUTH_1002' });
  t.match(unknown, { spec: VCF_ERRORS.DIRECTIVE, message: /^tokenrig: vcf has no error code AUTH_1002/ });
  const undocumented = resolve({ code: 404 });
  t.match(undocumented, {
    spec: VCF_ERRORS.DIRECTIVE,
    message: 'tokenrig: status 404 is not documented for vcf login (documented: 200, 201, 400, 401, 500)',
  });
  t.end();
});
