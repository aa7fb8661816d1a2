import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import { notAServerError } from './not-a-server-error.js';

t.test('any 5xx fails, every other status passes', async (t) => {
  for (const status of [500, 502, 503, 504, 599]) {
    const [finding] = notAServerError.run(exchange({ status }), { sentSecrets: [] });
    t.match(finding, { title: 'Server error', actual: status }, String(status));
  }
  for (const status of [200, 204, 302, 400, 401, 404, 405, 429, 499]) {
    t.same(notAServerError.run(exchange({ status }), { sentSecrets: [] }), [], String(status));
  }
});
