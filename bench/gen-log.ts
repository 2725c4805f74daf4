// Writes a valid intent log of N entries: a genesis, 16 key-adds (17 signers, human and
// agent, some admins), then commit entries with small ast_deltas signed in turn by every
// key, with a two-branch merge every `mergeEvery` entries. Used by bench/verify.ts and by the
// verifier's tests. Run alone: node dist/bench/gen-log.js OUT.jsonl [N]
import { closeSync, openSync, writeSync } from 'node:fs';
import { generateKeyPair, pubkeyRef, signer } from '../lib/crypto/ed25519';
import { deltaHash } from '../lib/entry/hash';
import { sealEntry, SigningKey } from '../lib/entry/seal';
import type { Draft, Entry } from '../lib/entry/types';
import { canonicalize } from '../lib/json/canonical';

export interface GenKey {
  keyId: string;
  kind: 'human' | 'agent';
  admin: boolean;
  seed: Buffer;
  signing: SigningKey;
  pubkey: string;
}

export function makeKey(keyId: string, kind: 'human' | 'agent', admin: boolean): GenKey {
  const kp = generateKeyPair();
  return { keyId, kind, admin, seed: kp.seed, signing: { publicKey: kp.publicKey, sign: signer(kp.seed) }, pubkey: pubkeyRef(kp.publicKey) };
}

export function draftBy(key: GenKey, capability: string, intent: string, parents: string[], fields: Record<string, unknown> = {}): Draft {
  return { capability, intent, author: { kind: key.kind, id: `${key.keyId}@example.ch`, peer_id: `peer-${key.keyId}` }, parents, fields };
}

export function smallDelta(i: number): Record<string, unknown> {
  const h = (s: string) => deltaHash(s);
  const nodes = [
    { path: `src/mod${i % 97}/file${i % 13}.ts:Service.method${i % 7}`, kind: 'method', change: 'modified', before: h(`b${i}`), after: h(`a${i}`) },
    { path: `src/mod${i % 89}/util.ts:helper${i}`, kind: 'function', change: 'added', before: null, after: h(`n${i}`) },
  ];
  return { added: 1, modified: 1, removed: 0, nodes };
}

export function commitFields(i: number): Record<string, unknown> {
  const delta = smallDelta(i);
  return { ast_delta: delta, ast_delta_hash: deltaHash(delta), branch: 'main', commit: (i * 2654435761 >>> 0).toString(16).padStart(40, '0') };
}

/** The 17 keys of a generated log: admin first, then 16 others (a second admin among them). */
export function makeKeys(count = 17): GenKey[] {
  const keys = [makeKey('admin', 'human', true)];
  for (let i = 1; i < count; i++) keys.push(makeKey(i % 3 === 0 ? `agent${i}` : `dev${i}`, i % 3 === 0 ? 'agent' : 'human', i === 1));
  return keys;
}

export interface GenOptions {
  keys?: GenKey[];
  mergeEvery?: number; // a two-branch merge every this many entries (0: never)
  start?: number; // epoch ms of the first entry; entries are 60 s apart
  onEntry?: (e: Entry, line: string) => void;
}

/** Generates N entries (N ≥ number of keys) and hands each out as it is sealed; returns the tip hashes. */
export function generateEntries(n: number, opts: GenOptions = {}): { keys: GenKey[]; tips: string[] } {
  const keys = opts.keys ?? makeKeys();
  const mergeEvery = opts.mergeEvery ?? 1000;
  let now = opts.start ?? Date.now() - n * 60_000;
  const emit = (d: Draft, key: GenKey): Entry => {
    const e = sealEntry(d, key.signing, (now += 60_000));
    opts.onEntry?.(e, canonicalize(e));
    return e;
  };
  const admin = keys[0];
  let tips = [
    emit(draftBy(admin, 'genesis', 'genesis', [], { key: admin.pubkey, key_id: admin.keyId, key_kind: 'human', roles: ['admin'] }), admin).hash,
  ];
  let made = 1;
  for (const k of keys.slice(1)) {
    tips = [emit(draftBy(admin, 'key-add', `add ${k.keyId}`, tips, { key: k.pubkey, key_id: k.keyId, key_kind: k.kind, roles: k.admin ? ['admin'] : [] }), admin).hash];
    made++;
  }
  for (let i = 0; made < n; i++) {
    const key = keys[i % keys.length];
    if (mergeEvery > 0 && i % mergeEvery === mergeEvery - 1 && n - made >= 3) {
      // Two branches from the same tip, joined by the next entry.
      const a = emit(draftBy(key, 'commit', `branch a ${i}`, tips, commitFields(i)), key).hash;
      const other = keys[(i + 1) % keys.length];
      const b = emit(draftBy(other, 'commit', `branch b ${i}`, tips, commitFields(i + 1)), other).hash;
      tips = [emit(draftBy(key, 'commit', `merge ${i}`, [a, b], commitFields(i + 2)), key).hash];
      made += 3;
      continue;
    }
    tips = [emit(draftBy(key, 'commit', `Refactor retry logic in module ${i % 97}, step ${i}`, tips, commitFields(i)), key).hash];
    made++;
  }
  return { keys, tips };
}

/** Writes a log of N entries to `path`. */
export function writeLog(path: string, n: number, opts: Omit<GenOptions, 'onEntry'> & { progress?: (done: number) => void } = {}): { keys: GenKey[] } {
  const fd = openSync(path, 'w');
  let buf = '';
  let count = 0;
  try {
    const r = generateEntries(n, {
      ...opts,
      onEntry: (_e, line) => {
        buf += line + '\n';
        if (buf.length >= 1 << 20) {
          writeSync(fd, buf);
          buf = '';
        }
        if (++count % 100_000 === 0) opts.progress?.(count);
      },
    });
    writeSync(fd, buf);
    return { keys: r.keys };
  } finally {
    closeSync(fd);
  }
}

if (require.main === module) {
  const [out, n] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: node dist/bench/gen-log.js OUT.jsonl [N=100000]\n');
    process.exit(2);
  }
  const t0 = Date.now();
  writeLog(out, Number(n ?? 100_000), { progress: (d) => process.stderr.write(`  ${d.toLocaleString('en-US')} entries\n`) });
  process.stdout.write(`wrote ${Number(n ?? 100_000).toLocaleString('en-US')} entries to ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
