// The worked example of docs/format.md is checked against the code, so an independent
// verifier written from that page and this implementation agree byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blake3, hashRef } from '../lib/crypto/blake3';
import { publicKeyFromSeed, sign, verify } from '../lib/crypto/ed25519';
import { commitment, deltaHash, entryHash, hashedForm } from '../lib/entry/hash';
import { canonicalize } from '../lib/json/canonical';
import { parseStrictJson } from '../lib/json/strict-parse';
import { analyzeLine } from '../lib/verify/analyze';
import { PROJECT } from './helpers/env';

const doc = readFileSync(join(PROJECT, 'docs', 'format.md'), 'utf8');
const example = (name: string): string => {
  const m = new RegExp(`<!-- example:${name} -->\\n\`\`\`json\\n(.*)\\n\`\`\``).exec(doc);
  if (!m) throw new Error(`docs/format.md has no example:${name}`);
  return m[1];
};
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');

test('the example entry is canonical, hashes and signs as documented', () => {
  const line = example('entry');
  const e = parseStrictJson(line) as Record<string, any>;
  assert.is(canonicalize(e), line);
  assert.is(e.author.pubkey, 'ed25519:' + publicKeyFromSeed(SEED).toString('hex'));
  assert.is(commitment(e.salt, e.intent), 'blake3:b1e93836a1e2a672f6e04253ae42d2187f7de82f809de326ee7c167826834827');
  assert.is(deltaHash(e.ast_delta), e.ast_delta_hash);
  const hashed = example('hashed');
  assert.is(canonicalize(hashedForm(e)), hashed);
  assert.is(hashRef(blake3(hashed)), e.hash);
  assert.is(entryHash(e), e.hash);
  const digest = Buffer.from(e.hash.slice(7), 'hex');
  assert.is('ed25519:' + sign(SEED, digest).toString('hex'), e.signature); // Ed25519 is deterministic
  assert.ok(verify(publicKeyFromSeed(SEED), digest, Buffer.from(e.signature.slice(8), 'hex')));
  const a = analyzeLine(Buffer.from(line), 1, true);
  assert.equal(a.failures, []);
  assert.ok(a.hashOk && a.sigOk);
});

test('the redacted example keeps the hash and the signature', () => {
  const entry = parseStrictJson(example('entry')) as Record<string, any>;
  const line = example('redacted');
  const r = parseStrictJson(line) as Record<string, any>;
  assert.is(canonicalize(r), line);
  assert.is(r.salt, undefined);
  assert.is(r.redacted.intent, commitment(entry.salt, entry.intent));
  assert.is(r.redacted['author.id'], commitment(entry.salt, entry.author.id));
  assert.is(entryHash(r), entry.hash);
  const a = analyzeLine(Buffer.from(line), 1, true);
  assert.equal(a.failures, []);
  assert.equal(a.entry!.redacted, ['author.id', 'intent']);
});

test.run();
