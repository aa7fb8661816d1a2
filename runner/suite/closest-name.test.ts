import t from 'tap';
import { closestName } from './closest-name.js';

t.test('a typo gets the name it most likely meant', async (t) => {
  t.equal(closestName('usernmae', ['password', 'username', 'baseUrl']), 'username');
  t.equal(closestName('refreshTokn', ['refreshToken', 'refreshTokenId']), 'refreshToken');
  t.equal(closestName('AccessToken', ['accessToken', 'accessTokens']), 'accessToken', 'case alone first');
});

t.test('no hint when nothing is close, and never the name itself', async (t) => {
  t.equal(closestName('clientId', ['username', 'password', 'baseUrl', 'uuid']), undefined);
  t.equal(closestName('ab', ['xy']), undefined, 'two edits of two letters is a different word');
  t.equal(closestName('token', ['token']), undefined);
  t.equal(closestName('x', []), undefined);
});
