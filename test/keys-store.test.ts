// The key store as other modules call it: where keys live, which one is active, what a
// damaged or exposed key file does, and that a loaded key really signs for its public key.
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { refBytes, verify } from '../lib/crypto/ed25519';
import { AuraError } from '../lib/errors';
import { activeKeyFile, createKey, draftAuthor, keysDir, listKeys, loadActiveKey } from '../lib/keys/store';
import { aura, sandbox } from './helpers/env';

test('keysDir: XDG_CONFIG_HOME, else ~/.config', () => {
  assert.is(keysDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/h' }), '/x/cfg/aura/keys');
  assert.is(keysDir({ HOME: '/h' }), '/h/.config/aura/keys');
  assert.is(keysDir({ XDG_CONFIG_HOME: '', HOME: '/h' }), '/h/.config/aura/keys');
});

test('a created key loads, signs for its public key, and names its author', () => {
  const sb = sandbox();
  try {
    const info = createKey({ keyId: 'ops bot/ü', kind: 'agent' }, sb.env);
    assert.match(info.file, /\/ops_bot__-[0-9a-f]{8}\.json$/, 'file name in safe characters');
    const key = loadActiveKey(sb.env);
    assert.equal([key.keyId, key.kind, key.pubkey, key.file], [info.keyId, 'agent', info.pubkey, info.file]);
    const msg = Buffer.from('hello');
    assert.ok(verify(refBytes(info.pubkey), msg, key.signing.sign(msg)));
    assert.equal(draftAuthor(key), { kind: 'agent', id: 'ops bot/ü', peer_id: info.peerId });
    assert.match(info.peerId, /^peer-[0-9a-f]{8}$/);
    assert.not.ok(JSON.stringify(info).includes(JSON.parse(readFileSync(info.file, 'utf8')).private_key), 'KeyInfo carries no private key');
  } finally {
    sb.cleanup();
  }
});

test('AURA_KEY selects a key file (relative to the working directory)', () => {
  const sb = sandbox();
  try {
    createKey({ keyId: 'a@x.ch', kind: 'human' }, sb.env);
    const b = createKey({ keyId: 'b@x.ch', kind: 'human' }, sb.env);
    copyFileSync(b.file, join(sb.dir, 'b.json'));
    chmodSync(join(sb.dir, 'b.json'), 0o600);
    assert.is(loadActiveKey(sb.env).keyId, 'a@x.ch');
    assert.is(loadActiveKey({ ...sb.env, AURA_KEY: b.file }).keyId, 'b@x.ch');
    const r = aura(sb, sb.dir, ['key', 'list'], { AURA_KEY: 'b.json' });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, `* b@x.ch  human  ${b.pubkey}  (AURA_KEY)\n    ${join(sb.dir, 'b.json')}`);
    const missing = aura(sb, sb.dir, ['key', 'list'], { AURA_KEY: 'nope.json' });
    assert.match(missing.stdout, 'AURA_KEY: aura: key file');
    assert.match(missing.stdout, 'does not exist');
    assert.is(activeKeyFile({ ...sb.env, AURA_KEY: 'rel/k.json' }), join(process.cwd(), 'rel/k.json'));
  } finally {
    sb.cleanup();
  }
});

test('damaged key files: a clear error when used, skipped by listKeys', () => {
  const sb = sandbox();
  try {
    const a = createKey({ keyId: 'a@x.ch', kind: 'human' }, sb.env);
    const b = createKey({ keyId: 'b@x.ch', kind: 'human' }, sb.env);
    const k = JSON.parse(readFileSync(a.file, 'utf8'));
    writeFileSync(a.file, JSON.stringify({ ...k, public_key: b.pubkey }), { mode: 0o600 });
    try {
      loadActiveKey(sb.env);
      assert.unreachable('mismatched key');
    } catch (e) {
      assert.instance(e, AuraError);
      assert.match((e as Error).message, `key file ${a.file}: "public_key" does not match the private key`);
    }
    writeFileSync(join(keysDir(sb.env), 'junk.json'), '{');
    assert.equal(listKeys(sb.env).map((x) => x.keyId), ['b@x.ch']);
    const none = { ...sb.env, XDG_CONFIG_HOME: join(sb.dir, 'empty') };
    assert.throws(() => loadActiveKey(none), (e: Error) => /no aura key/.test(e.message) && (e as AuraError).fix === 'run: aura key init');
  } finally {
    sb.cleanup();
  }
});

test.run();
