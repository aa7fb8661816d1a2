// Oracle's schemas, behaving as Oracle documents them: spot checks a wrong schema would fail.
import t from 'tap';
import { registeredProfiles, verdictsOf } from '../test/helpers/openapi.js';

const profiles = registeredProfiles();
const verdicts = verdictsOf(profiles);

const ORACLE_SEED = {
  access_token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE0MTQxNDk5NTYsInN1YiI6IjExMDU1OCIsImlzcyI6InN0b3JlZnJvbnRVSSIsImlhdCI6MTQxNDE0OTAyNn0=.B9qM0/VKpCNKvjCmOnUPv4RS7mkIDgKcP8RJPaVQGYU=',
  token_type: 'bearer',
  expires_in: 930,
};

t.test('oracle-commerce schemas behave as Oracle documents them', async (t) => {
  verdicts(t, 'oracle-commerce', 'refresh.response.schema.json', [
    ["the seed's own example (non-JWT token)", ORACLE_SEED, true],
    ['an extra field', { ...ORACLE_SEED, scope: 'shopper' }, true],
    ['no expires_in', { access_token: 'x', token_type: 'bearer' }, false],
    ['no access_token', { token_type: 'bearer', expires_in: 930 }, false],
    ['no token_type', { access_token: 'x', expires_in: 930 }, false],
    ['expires_in as a string', { ...ORACLE_SEED, expires_in: '930' }, false],
    ['a fractional expires_in', { ...ORACLE_SEED, expires_in: 930.5 }, false],
  ]);
  verdicts(t, 'oracle-commerce', 'login.response.schema.json', [
    ["the seed's own example", ORACLE_SEED, true],
    ['no expires_in', { access_token: 'x', token_type: 'bearer' }, false],
  ]);
  verdicts(t, 'oracle-commerce', 'login.request.schema.json', [
    ['the password grant', { grant_type: 'password', username: 'u', password: 'p' }, true],
    ['no grant_type', { username: 'u', password: 'p' }, false],
    ['another grant', { grant_type: 'client_credentials', username: 'u', password: 'p' }, false],
  ]);
  verdicts(t, 'oracle-commerce', 'refresh.request.schema.json', [
    ['{}', {}, true],
    ['a non-object body', 'x', false],
  ]);
  // Oracle's "Error messages" page: the standard format and the multiple-error format (no top-level errorCode).
  const standard = { message: 'Required header is missing', status: '400', errorCode: '82001' };
  const multiple = {
    message: 'Error while retrieving the products',
    errors: [
      { message: 'a is invalid', status: '400', errorCode: '20031' },
      { message: 'b is invalid', status: '400', errorCode: '20031' },
    ],
    status: '400',
  };
  verdicts(t, 'oracle-commerce', 'error.schema.json', [
    ['only status and message', { status: '401', message: 'm' }, true],
    ["Oracle's standard format {message, status, errorCode}", standard, true],
    ["Oracle's multiple-error format {message, errors, status}", multiple, true],
    [
      "a real error from Oracle's support notes (a 500)",
      { errorCode: '28327', message: 'm', status: '500' },
      true,
    ],
    [
      "every member of the page's errorModel, and an extra one",
      {
        ...standard,
        type: 'https://example.com',
        devMessage: 'd',
        moreInfo: 'i',
        'o:errorPath': 'p',
        errors: [{ status: '400', 'o:errorPath': 'x', extra: true }],
        ecid: 'x',
      },
      true,
    ],
    ['no message', { status: '401', errorCode: '20060' }, false],
    ['no status', { message: 'm', errorCode: '20060' }, false],
    ['status as a number', { ...standard, status: 401 }, false],
    ['a numeric errorCode', { ...standard, errorCode: 82001 }, false],
    ['an errors item with a numeric status', { ...multiple, errors: [{ message: 'x', status: 400 }] }, false],
    ['errors that is not an array', { ...multiple, errors: { message: 'x' } }, false],
  ]);
  verdicts(t, 'oracle-commerce', 'verify.response.schema.json', [
    ['{success: true}', { success: true }, true],
    ['success as a string', { success: 'true' }, false],
  ]);
  verdicts(t, 'oracle-commerce', 'logout.response.schema.json', [
    ['{result: true}', { result: true }, true],
    ['{result: false} ("it failed")', { result: false }, true],
    ['result as a number', { result: 1 }, false],
  ]);
});
