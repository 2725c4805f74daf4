import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { publicKeyFromSeed, sign, verify } from '../lib/crypto/ed25519';

// RFC 8032 section 7.1, TEST 1 (empty message).
test('RFC 8032 TEST 1 signs and verifies', () => {
  const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
  const pub = publicKeyFromSeed(seed);
  assert.is(pub.toString('hex'), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const sig = sign(seed, Buffer.alloc(0));
  assert.is(sig.toString('hex'), 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  assert.ok(verify(pub, Buffer.alloc(0), sig));
  assert.not.ok(verify(pub, Buffer.from([0]), sig));
});

test.run();
