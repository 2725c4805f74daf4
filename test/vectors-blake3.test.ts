// BLAKE3 against the official test vectors (BLAKE3-team/BLAKE3 test_vectors.json: the input
// is the repeating bytes 0..250; the default 32-byte output is the start of "hash").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blake3, blake3Parts, hashBytes, hashRef, isHashRef } from '../lib/crypto/blake3';

const V: { cases: { input_len: number; hash: string }[] } = require('../../test/fixtures/blake3-vectors.json');
const input = (n: number) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
};

test('official vectors, one-shot', () => {
  assert.ok(V.cases.length >= 20);
  for (const c of V.cases) assert.is(blake3(input(c.input_len)).toString('hex'), c.hash, `input_len ${c.input_len}`);
});

test('official vectors, streamed in uneven parts (as commitments hash salt ‖ text)', () => {
  for (const c of V.cases) {
    const b = input(c.input_len);
    const cut1 = Math.floor(b.length / 3);
    const cut2 = Math.floor((2 * b.length) / 3) + 1;
    const parts = [b.subarray(0, cut1), b.subarray(cut1, Math.min(cut2, b.length)), b.subarray(Math.min(cut2, b.length))];
    assert.is(blake3Parts(parts).toString('hex'), c.hash, `input_len ${c.input_len}`);
  }
});

test('the log encoding of a hash round-trips and is strict', () => {
  const d = blake3(input(1024));
  const ref = hashRef(d);
  assert.is(ref, 'blake3:' + V.cases.find((c) => c.input_len === 1024)!.hash);
  assert.ok(isHashRef(ref));
  assert.equal(hashBytes(ref), d);
  for (const bad of [ref.toUpperCase(), ref.slice(0, -1), ref + '0', 'sha256:' + ref.slice(7), ref.replace('blake3:', 'blake3: ')]) {
    assert.not.ok(isHashRef(bad), bad);
  }
});

test.run();
