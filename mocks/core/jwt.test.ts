import { createHmac } from 'node:crypto';
import t from 'tap';
import { type JwtClaims, JwtSigner } from './jwt.js';

const secret = Buffer.alloc(32, 7);
const signer = new JwtSigner(secret);
const claims = { sub: 'demo', iat: 1000, exp: 2000, jti: 'j-1', sid: 's-1' };

t.test('signs a standard HS256 JWS that an independent HMAC agrees with', (t) => {
  const token = signer.sign(claims);
  const [h, p, s] = token.split('.');
  t.same(JSON.parse(Buffer.from(h ?? '', 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
  t.same(JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), claims);
  const mac = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  t.equal(s, mac);
  t.end();
});

t.test('verify: valid, expired, forged, malformed', (t) => {
  const token = signer.sign(claims);
  t.same(signer.verify(token, 1_999_999), { ok: true, claims });
  t.same(signer.verify(token, 2_000_000), { ok: false, reason: 'expired', claims }, 'exp is exclusive');
  const other = new JwtSigner(Buffer.alloc(32, 8)).sign(claims);
  t.same(signer.verify(other, 0), { ok: false, reason: 'bad-signature' });
  const [h, , s] = token.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
  t.same(signer.verify(tampered, 0), { ok: false, reason: 'bad-signature' });
  for (const junk of ['', 'abc', 'a.b', 'a.b.c.d', `${h}.!!!.${s}`]) {
    t.equal(signer.verify(junk, 0).ok, false, `rejects ${JSON.stringify(junk)}`);
  }
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
  t.same(signer.verify(none, 0), { ok: false, reason: 'malformed' }, 'alg=none is not accepted');
  t.end();
});

t.test('issuedHere skips only the signature: shape, claims and expiry are still checked', (t) => {
  const token = signer.sign(claims);
  t.same(signer.verify(token, 1_999_999, { issuedHere: true }), { ok: true, claims });
  t.same(signer.verify(token, 2_000_000, { issuedHere: true }), { ok: false, reason: 'expired', claims });
  t.same(signer.verify('a.b', 0, { issuedHere: true }), { ok: false, reason: 'malformed' });
  const [, p, s] = token.split('.');
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.${s}`;
  t.same(signer.verify(none, 0, { issuedHere: true }), { ok: false, reason: 'malformed' });
  t.end();
});

t.test('a short secret is refused', (t) => {
  t.throws(() => new JwtSigner(Buffer.alloc(16)), RangeError);
  t.end();
});

t.test('every signature agrees with createHmac: non-ASCII claims, a long payload, a long key', (t) => {
  const long = Buffer.alloc(100, 3);
  for (const key of [secret, long]) {
    const s = new JwtSigner(key);
    const cases: JwtClaims[] = [
      claims,
      { ...claims, name: 'Jörg Ångström 東京 🎫' },
      { ...claims, blob: 'x'.repeat(5000) },
      { ...claims, jti: 'j-2' },
    ];
    for (const c of cases) {
      const token = s.sign(c);
      const [h, p, sig] = token.split('.');
      t.equal(sig, createHmac('sha256', key).update(`${h}.${p}`).digest('base64url'));
      t.same(s.verify(token, 0), { ok: true, claims: c }, 'and verifies');
    }
  }
  // The reused buffers must not leak one token into the next: a short one after a long one.
  const after = signer.sign(claims);
  const [h, p, sig] = after.split('.');
  t.equal(sig, createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
  t.same(JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), claims);
  t.end();
});

t.test('a payload outside base64url is not a way around the signature', (t) => {
  const [h, p, s] = signer.sign(claims).split('.');
  // Non-ASCII characters hash as their UTF-8 bytes, so they cannot stand in for the ASCII ones.
  const swapped = `${h}.${(p ?? '').replace(/A/, 'Ł')}.${s}`;
  t.not(swapped, `${h}.${p}.${s}`);
  t.same(signer.verify(swapped, 0), { ok: false, reason: 'bad-signature' });
  t.end();
});

t.test('a signature spelled differently but decoding to the same bytes is judged as before', (t) => {
  const [h, p, s] = signer.sign(claims).split('.');
  // Node's base64url decoder skips padding and characters outside its alphabet.
  t.same(signer.verify(`${h}.${p}.${s}=`, 0), { ok: true, claims }, 'padding');
  t.same(signer.verify(`${h}.${p}.${s}!`, 0), { ok: true, claims }, 'a stray character');
  const flipped = `${(s ?? '').slice(0, -2)}${(s ?? '').at(-2) === 'A' ? 'B' : 'A'}${(s ?? '').at(-1)}`;
  t.same(
    signer.verify(`${h}.${p}.${flipped}`, 0),
    { ok: false, reason: 'bad-signature' },
    'one character off',
  );
  t.same(
    signer.verify(`${h}.${p}.${(s ?? '').slice(1)}`, 0),
    { ok: false, reason: 'bad-signature' },
    'shorter',
  );
  t.end();
});
