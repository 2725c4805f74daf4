// Ed25519: RFC 8032 vectors, node:crypto (our signer and verifier) against @noble/ed25519
// both ways, and the encodings RFC 8032 rejects — which our verify must reject too.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPair, isCanonicalPoint, isCanonicalScalar, publicKeyFromSeed, sign, signingKey, verify, verifyAsync } from '../lib/crypto/ed25519';

const hex = (s: string) => Buffer.from(s, 'hex');
const RFC: { vectors: { name: string; secret: string; public: string; message: string; signature: string }[] } = require('../../test/fixtures/rfc8032-vectors.json');
const EDGE: { cases: { message: string; pub_key: string; signature: string }[] } = require('../../test/fixtures/ed25519-edge-cases.json');
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const P = (1n << 255n) - 19n;

type Noble = typeof import('@noble/ed25519');
let noble: Noble;
async function nobleLib(): Promise<Noble> {
  if (!noble) {
    // ESM-only package, loaded from CommonJS; it needs a synchronous SHA-512.
    noble = await (new Function('s', 'return import(s)') as (s: string) => Promise<Noble>)('@noble/ed25519');
    noble.etc.sha512Sync = (...msgs: Uint8Array[]) => {
      const h = createHash('sha512');
      for (const m of msgs) h.update(m);
      return new Uint8Array(h.digest());
    };
  }
  return noble;
}
const nobleVerify = async (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<boolean> => {
  const ed = await nobleLib();
  try {
    return ed.verify(sig, msg, pub, { zip215: false });
  } catch {
    return false;
  }
};

function le(n: bigint): Buffer {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return b;
}
const leToBig = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

for (const v of RFC.vectors) {
  test(`RFC 8032 ${v.name}: public key, signature and verification match, with node:crypto and noble`, async () => {
    const seed = hex(v.secret);
    const msg = hex(v.message);
    assert.is(publicKeyFromSeed(seed).toString('hex'), v.public);
    assert.is(sign(seed, msg).toString('hex'), v.signature);
    assert.ok(verify(hex(v.public), msg, hex(v.signature)));
    assert.ok(await verifyAsync(hex(v.public), msg, hex(v.signature)));
    const ed = await nobleLib();
    assert.is(Buffer.from(ed.getPublicKey(seed)).toString('hex'), v.public);
    assert.is(Buffer.from(ed.sign(msg, seed)).toString('hex'), v.signature);
    assert.ok(await nobleVerify(hex(v.public), msg, hex(v.signature)));
    // Any change to the message or the signature fails.
    const other = Buffer.concat([msg, Buffer.from([0])]);
    assert.not.ok(verify(hex(v.public), other, hex(v.signature)));
    const bad = hex(v.signature);
    bad[10] ^= 1;
    assert.not.ok(verify(hex(v.public), msg, bad));
    // a key file's import (the public key it claims, as a JWK): the same signature and public key
    const loaded = signingKey(seed, hex(v.public));
    assert.is(loaded.publicKey.toString('hex'), v.public);
    assert.is(loaded.sign(msg).toString('hex'), v.signature);
  });
}

test('signingKey returns the public key derived from the seed, never the one claimed beside it', () => {
  const a = generateKeyPair();
  const b = generateKeyPair();
  const k = signingKey(a.seed, b.publicKey); // a damaged or forged key file: b's public key beside a's seed
  assert.equal(k.publicKey, a.publicKey);
  const msg = Buffer.from('entry hash');
  assert.ok(verify(a.publicKey, msg, k.sign(msg)));
  assert.not.ok(verify(b.publicKey, msg, k.sign(msg)));
  for (const claimed of [undefined, Buffer.alloc(0), Buffer.alloc(31)]) assert.equal(signingKey(a.seed, claimed).publicKey, a.publicKey);
});

test('node:crypto and noble sign identically and verify each other (random keys, 32-byte messages like entry hashes)', async () => {
  const ed = await nobleLib();
  for (let i = 0; i < 40; i++) {
    const kp = generateKeyPair();
    const msg = createHash('sha256').update(String(i)).digest();
    const ours = sign(kp.seed, msg);
    const theirs = Buffer.from(ed.sign(msg, kp.seed));
    assert.equal(ours, theirs);
    assert.ok(verify(kp.publicKey, msg, theirs));
    assert.ok(await nobleVerify(kp.publicKey, msg, ours));
    msg[0] ^= 0x80;
    assert.not.ok(verify(kp.publicKey, msg, ours));
    assert.not.ok(await nobleVerify(kp.publicKey, msg, ours));
  }
});

test('S + L (a non-canonical S) is rejected although it satisfies the group equation', async () => {
  const v = RFC.vectors[1];
  const sig = hex(v.signature);
  const s = leToBig(sig.subarray(32));
  const malleated = Buffer.concat([sig.subarray(0, 32), le(s + L)]);
  assert.not.ok(isCanonicalScalar(malleated.subarray(32)));
  assert.not.ok(verify(hex(v.public), hex(v.message), malleated));
  assert.not.ok(await verifyAsync(hex(v.public), hex(v.message), malleated));
  assert.not.ok(await nobleVerify(hex(v.public), hex(v.message), malleated));
  // S = L exactly and S = 2^256 - 1 are out of range as well.
  assert.not.ok(isCanonicalScalar(le(L)));
  assert.ok(isCanonicalScalar(le(L - 1n)));
  assert.not.ok(verify(hex(v.public), hex(v.message), Buffer.concat([sig.subarray(0, 32), Buffer.alloc(32, 0xff)])));
});

test('non-canonical public key encodings (y >= p, x = 0 with the sign bit) are rejected', async () => {
  // The identity point (y = 1) has a small order: with R = identity and S = 0 the equation
  // holds for any message. Its canonical encoding is accepted by RFC 8032's cofactorless
  // check; its non-canonical encodings must never be.
  const msg = Buffer.from('any message');
  const identity = le(1n);
  const sig = Buffer.concat([identity, Buffer.alloc(32)]);
  const yPlusP = le(1n + P); // y = p + 1 encodes y = 1 non-canonically
  const signedZero = Buffer.from(identity);
  signedZero[31] |= 0x80; // x = 0 with the sign bit set
  for (const pub of [yPlusP, signedZero, le(P), Buffer.alloc(32, 0xff)]) {
    assert.not.ok(isCanonicalPoint(pub), pub.toString('hex'));
    assert.not.ok(verify(pub, msg, sig), pub.toString('hex'));
    assert.not.ok(await verifyAsync(pub, msg, sig));
    assert.not.ok(await nobleVerify(pub, msg, sig));
  }
  // Wrong lengths are never a key or a signature.
  assert.not.ok(verify(identity.subarray(0, 31), msg, sig));
  assert.not.ok(verify(identity, msg, sig.subarray(0, 63)));
});

test('a non-canonical R encoding is rejected', async () => {
  const msg = Buffer.from('any message');
  const sig = Buffer.concat([le(1n + P), Buffer.alloc(32)]); // R = identity, encoded with y = p + 1
  assert.not.ok(verify(le(1n), msg, sig));
  assert.not.ok(await nobleVerify(le(1n), msg, sig));
});

test('edge cases of "Taming the many EdDSAs": we accept only what RFC 8032 accepts, and never more than a cofactored check', async () => {
  const ed = await nobleLib();
  // RFC 8032 allows the cofactorless equation (OpenSSL's); cases 4-5 pass only the cofactored one.
  const expected = [true, true, true, true, false, false, false, false, false, false];
  for (let i = 0; i < EDGE.cases.length; i++) {
    const c = EDGE.cases[i];
    const [m, p, s] = [hex(c.message), hex(c.pub_key), hex(c.signature)];
    const ours = verify(p, m, s);
    assert.is(ours, expected[i], `case ${i}`);
    assert.is(await verifyAsync(p, m, s), ours, `case ${i} async`);
    let cofactored: boolean;
    try {
      cofactored = ed.verify(s, m, p, { zip215: true });
    } catch {
      cofactored = false;
    }
    if (ours) assert.ok(cofactored, `case ${i}: accepted by us but not by a cofactored check`);
  }
  // S >= L (6, 7) and non-canonical R (8, 9) are rejected by noble's strict RFC 8032 mode too.
  for (const i of [6, 7, 8, 9]) {
    const c = EDGE.cases[i];
    assert.not.ok(await nobleVerify(hex(c.pub_key), hex(c.message), hex(c.signature)), `case ${i}`);
  }
});

test.run();
