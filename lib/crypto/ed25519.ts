// Ed25519 signing and strict RFC 8032 verification with node:crypto (OpenSSL).
// node:crypto is ~10x faster than @noble/ed25519 here (see ../shared/DEPENDENCIES.md);
// test/ed25519.test.ts proves both agree. OpenSSL already rejects a non-canonical S and a
// non-canonical R (it compares the re-encoded R with the given bytes); we additionally
// reject a non-canonical public key encoding (y >= p, or x = 0 with the sign bit set)
// before handing the key to OpenSSL, so nothing RFC 8032 rejects is ever accepted.
import * as crypto from 'node:crypto';
import { isHexRef } from './blake3';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

export interface KeyPair {
  seed: Buffer; // 32-byte private seed (RFC 8032 "private key")
  publicKey: Buffer; // 32 bytes
}

export function generateKeyPair(): KeyPair {
  const seed = crypto.randomBytes(32);
  return { seed, publicKey: publicKeyFromSeed(seed) };
}

/**
 * The KeyObject of a seed. With the public key it claims to have (a key file's), imported as a
 * JWK: OpenSSL 3 decodes a PKCS#8 DER in ~1 ms here, a JWK in ~0.1 ms, and a hook imports its
 * key on every commit. Node derives the public key from the seed (`d`) either way, and callers
 * compare publicOf(key) with the claim; should Node refuse a JWK whose `x` does not match, the
 * DER import runs and that comparison reports the mismatch.
 */
function privateKeyObject(seed: Uint8Array, claimedPublic?: Uint8Array): crypto.KeyObject {
  if (seed.length !== 32) throw new Error('Ed25519 private seed must be 32 bytes');
  if (claimedPublic?.length === 32) {
    try {
      const jwk = { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(seed).toString('base64url'), x: Buffer.from(claimedPublic).toString('base64url') };
      return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
    } catch {
      // the DER import below
    }
  }
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public key of a KeyObject, as OpenSSL derived it (a JWK export: ~10x cheaper than an SPKI DER one). */
const publicOf = (key: crypto.KeyObject): Buffer => Buffer.from(crypto.createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url');

export function publicKeyFromSeed(seed: Uint8Array): Buffer {
  return publicOf(privateKeyObject(seed));
}

const signWith = (key: crypto.KeyObject) => (msg: Uint8Array): Buffer => crypto.sign(null, msg, key);

/** A signer bound to one key; keeps the KeyObject so repeated signing does not re-import it. */
export function signer(seed: Uint8Array): (msg: Uint8Array) => Buffer {
  return signWith(privateKeyObject(seed));
}

/**
 * A seed's public key and signer from one imported KeyObject (a hook loads its key once per
 * commit). `claimedPublic`: the public key stored beside the seed, which makes the import
 * cheaper; the public key returned is always the one derived from the seed.
 */
export function signingKey(seed: Uint8Array, claimedPublic?: Uint8Array): { publicKey: Buffer; sign: (msg: Uint8Array) => Buffer } {
  const key = privateKeyObject(seed, claimedPublic);
  return { publicKey: publicOf(key), sign: signWith(key) };
}

export function sign(seed: Uint8Array, msg: Uint8Array): Buffer {
  return signer(seed)(msg);
}

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/** RFC 8032 5.1.3: y must be < p; x = 0 with the sign bit set is also not a canonical encoding. */
export function isCanonicalPoint(enc: Uint8Array): boolean {
  if (enc.length !== 32) return false;
  const copy = Uint8Array.from(enc);
  const signBit = copy[31] >> 7;
  copy[31] &= 0x7f;
  const y = littleEndian(copy);
  if (y >= P) return false;
  // x = 0 happens only for y = 1 and y = p - 1; with the sign bit set it must be rejected.
  if (signBit === 1 && (y === 1n || y === P - 1n)) return false;
  return true;
}

// L as 32 little-endian bytes, derived from L so there is one source for the constant.
const L_BYTES = Uint8Array.from({ length: 32 }, (_, i) => Number((L >> BigInt(8 * i)) & 0xffn));

/** RFC 8032 5.1.7 step 1: S must be < L. */
export function isCanonicalScalar(s: Uint8Array): boolean {
  if (s.length !== 32) return false;
  // Every signature is checked: compare bytes, most significant first, rather than build a
  // BigInt per signature (the first byte that differs decides; equal to L is not < L).
  for (let i = 31; i >= 0; i--) if (s[i] !== L_BYTES[i]) return s[i] < L_BYTES[i];
  return false;
}

const keyCache = new Map<string, crypto.KeyObject | null>();
/** Imports a raw 32-byte public key, or null when the encoding is not canonical / not a point. */
export function publicKeyObject(pub: Uint8Array): crypto.KeyObject | null {
  const id = Buffer.from(pub).toString('hex');
  let k = keyCache.get(id);
  if (k !== undefined) return k;
  k = null;
  if (isCanonicalPoint(pub)) {
    try {
      k = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' });
    } catch {
      k = null;
    }
  }
  if (keyCache.size > 4096) keyCache.clear();
  keyCache.set(id, k);
  return k;
}

export function verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64 || !isCanonicalScalar(sig.subarray(32))) return false;
  const key = publicKeyObject(pub);
  if (!key) return false;
  return crypto.verify(null, msg, key, sig);
}

/** The same check on libuv's thread pool, so several verifications run on several cores. */
export function verifyAsync(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (sig.length !== 64 || !isCanonicalScalar(sig.subarray(32))) return Promise.resolve(false);
  const key = publicKeyObject(pub);
  if (!key) return Promise.resolve(false);
  return new Promise((resolve) => crypto.verify(null, msg, key, sig, (err, ok) => resolve(!err && ok)));
}

export const pubkeyRef = (pub: Uint8Array): string => 'ed25519:' + Buffer.from(pub).toString('hex');
export const signatureRef = (sig: Uint8Array): string => 'ed25519:' + Buffer.from(sig).toString('hex');
export const isPubkeyRef = (s: unknown): s is string => isHexRef(s, 'ed25519:', 64);
export const isSignatureRef = (s: unknown): s is string => isHexRef(s, 'ed25519:', 128);
export const refBytes = (ref: string): Buffer => Buffer.from(ref.slice(ref.indexOf(':') + 1), 'hex');
