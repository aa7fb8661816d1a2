import t from 'tap';
import { assertEnvelope, deviceLogin, refresh } from '../../test/helpers/dreadnode.js';
import { call, mockApp } from '../../test/helpers/mock.js';
import { logIn, REFRESH as VCF_REFRESH } from '../../test/helpers/vcf.js';
import { createClock } from '../core/clock.js';

/** The wall clock stopped on a whole second: token lifetimes are whole seconds, and real time must not eat into them. */
const fixedClock = () => createClock(() => 1_800_000_000_000);

t.test('rate-limited: over the quota, 429 with Retry-After until the window frees up', async (t) => {
  const mock = mockApp(t, ['dreadnode', 'vcf'], { scenarios: ['rate-limited=2'], clock: fixedClock() });
  let { pair } = await deviceLogin(t, mock);
  const next = async () => refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
  for (const n of [1, 2]) {
    const ok = await next();
    t.equal(ok.status, 200, `refresh ${n} of the minute is admitted`);
    pair = ok.json as typeof pair;
    mock.services.clock.advance(10);
  }
  const limited = await next();
  assertEnvelope(t, limited, 429, 'rate_limited');
  t.equal(limited.headers.get('retry-after'), '40', 'the first admitted refresh leaves the window in 40 s');
  mock.services.clock.advance(39);
  t.equal((await next()).headers.get('retry-after'), '1', 'a client that ignores it keeps getting 429');
  mock.services.clock.advance(1);
  const admitted = await next();
  t.equal(admitted.status, 200, 'a client that waited is admitted, with the token it held');

  const vcf = await logIn(mock);
  for (let i = 0; i < 5; i++) {
    const reply = await call(mock, 'PATCH', VCF_REFRESH, { json: vcf.refreshToken.id });
    t.equal(reply.status, 200, `VMware documents no 429: refresh ${i + 1} is never limited`);
  }
});

t.test('without it refreshes are not limited', async (t) => {
  const mock = mockApp(t, ['dreadnode'], { clock: fixedClock() });
  let { pair } = await deviceLogin(t, mock);
  for (let i = 0; i < 3; i++) {
    const ok = await refresh(t, mock, { json: { refresh_token: pair.refresh_token } });
    t.equal(ok.status, 200);
    pair = ok.json as typeof pair;
  }
});
