// Trust at a DAG position (lib/entry/trust.ts) and the effective trust at the tips
// (lib/trust/load.ts): what hooks rely on to know valid keys and strict mode. Editing the log
// file must not be able to add a key or switch strict mode off.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commitFields, draftBy, GenKey, makeKey } from '../bench/gen-log';
import { sealEntry } from '../lib/entry/seal';
import type { Entry } from '../lib/entry/types';
import { AuraError } from '../lib/errors';
import { canonicalize } from '../lib/json/canonical';
import { loadTrust } from '../lib/trust/load';
import { applyEntry, checkSigner, EMPTY_TRUST, mergeTrust, TrustState } from '../lib/entry/trust';

const dir = mkdtempSync(join(tmpdir(), 'aura-trust-'));
process.env.XDG_CACHE_HOME = join(dir, 'cache'); // loadTrust's cache stays in the sandbox
const admin = makeKey('admin', 'human', true);
const dev = makeKey('dev', 'human', false);
const bot = makeKey('bot', 'agent', false);
let now = Date.parse('2026-04-01T10:00:00.000Z');
const seal = (k: GenKey, capability: string, parents: string[], fields: Record<string, unknown> = {}): Entry =>
  sealEntry(draftBy(k, capability, `${capability} by ${k.keyId}`, parents, fields), k.signing, (now += 60_000));
const genesis = () => seal(admin, 'genesis', [], { key: admin.pubkey, key_id: 'admin', key_kind: 'human', roles: ['admin'] });
const keyAdd = (k: GenKey, parents: string[], by = admin) => seal(by, 'key-add', parents, { key: k.pubkey, key_id: k.keyId, key_kind: k.kind, roles: k.admin ? ['admin'] : [] });
const policy = (strict: boolean, parents: string[], by = admin) => seal(by, 'policy', parents, { policy: { strict } });
const revoke = (k: GenKey, parents: string[]) => seal(admin, 'key-revoke', parents, { key: k.pubkey, reason: 'rotated' });

function replay(entries: Entry[]): TrustState {
  let s = EMPTY_TRUST;
  for (const e of entries) {
    assert.is(checkSigner(s, e), null, `${e.capability} by ${e.author.pubkey}`);
    s = applyEntry(s, e);
  }
  return s;
}

test('applyEntry: trust entries make new states, other entries return the same object', () => {
  const g = genesis();
  const s1 = applyEntry(EMPTY_TRUST, g);
  assert.is(s1.genesis, g.hash);
  assert.ok(s1.keys.get(admin.pubkey)!.admin);
  const add = keyAdd(dev, [g.hash]);
  const s2 = applyEntry(s1, add);
  assert.is.not(s2, s1);
  assert.is(s1.keys.size, 1, 'states are immutable');
  assert.is(s2.keys.get(dev.pubkey)!.addedBy, add.id);
  const c = seal(dev, 'commit', [add.hash]);
  assert.is(applyEntry(s2, c), s2);
  assert.ok(Object.isFrozen(s2));
});

test('checkSigner: unknown, revoked, wrong kind, non-admin, agent authorize-delete, bad genesis', () => {
  const g = genesis();
  const a1 = keyAdd(dev, [g.hash]);
  const a2 = keyAdd(bot, [a1.hash]);
  const s = replay([g, a1, a2]);
  assert.is(checkSigner(s, seal(dev, 'commit', [a2.hash])), null);
  assert.match(checkSigner(s, seal(makeKey('x', 'human', false), 'commit', [a2.hash]))!, /not registered/);
  const wrongKind = sealEntry({ ...draftBy(bot, 'commit', 'x', [a2.hash]), author: { kind: 'human', id: 'bot' } }, bot.signing);
  assert.match(checkSigner(s, wrongKind)!, /registered as agent but the entry claims author.kind human/);
  assert.match(checkSigner(s, keyAdd(makeKey('y', 'human', false), [a2.hash], dev))!, /not an admin key; only admin keys may sign key-add/);
  assert.match(checkSigner(s, policy(false, [a2.hash], dev))!, /only admin keys may sign policy/);
  assert.match(checkSigner(s, seal(bot, 'authorize-delete', [a2.hash], { targets: ['a'] }))!, /only human keys may sign authorize-delete/);
  const r = revoke(dev, [a2.hash]);
  const s2 = applyEntry(s, r);
  assert.match(checkSigner(s2, seal(dev, 'commit', [r.hash]))!, new RegExp(`revoked at entry ${r.id} \\(rotated\\)`));
  assert.match(checkSigner(EMPTY_TRUST, seal(dev, 'genesis', [], { key: admin.pubkey, key_id: 'a', key_kind: 'human', roles: ['admin'] }))!, /self-signed/);
  assert.match(checkSigner(s, genesis())!, /a second genesis/);
});

test('a revoked key cannot be re-added; a new key must be registered instead', () => {
  const g = genesis();
  const a = keyAdd(dev, [g.hash]);
  const r = revoke(dev, [a.hash]);
  const again = keyAdd(dev, [r.hash]);
  const s = replay([g, a, r, again]);
  assert.ok(s.keys.get(dev.pubkey)!.revoked);
});

test('mergeTrust: union of keys, revocation wins, later policy wins, shared states stay shared', () => {
  const g = genesis();
  const base = replay([g, keyAdd(dev, [g.hash])]);
  const left = applyEntry(applyEntry(base, keyAdd(bot, [g.hash])), policy(true, [g.hash]));
  const rightRevoke = applyEntry(base, revoke(dev, [g.hash]));
  const m = mergeTrust([left, rightRevoke]);
  assert.ok(m.keys.get(bot.pubkey));
  assert.ok(m.keys.get(dev.pubkey)!.revoked);
  assert.is(m.policy.strict, true);
  // Order does not matter.
  const m2 = mergeTrust([rightRevoke, left]);
  assert.equal([...m2.keys.keys()].sort(), [...m.keys.keys()].sort());
  assert.ok(m2.keys.get(dev.pubkey)!.revoked);
  // Merging a state with its own ancestor state returns the descendant itself.
  assert.is(mergeTrust([base, left]), left);
  assert.is(mergeTrust([left, base]), left);
  assert.is(mergeTrust([left, left]), left);
  // A later policy on either side wins.
  const laterOff = applyEntry(base, policy(false, [g.hash]));
  assert.is(mergeTrust([left, laterOff]).policy.strict, false);
  assert.is(mergeTrust([laterOff, left]).policy.strict, false);
});

async function rejects(f: () => Promise<unknown>, why: RegExp): Promise<void> {
  try {
    await f();
  } catch (e) {
    assert.instance(e, AuraError);
    assert.match((e as Error).message, why);
    return;
  }
  assert.unreachable(`expected a rejection matching ${why}`);
}

function write(entries: Entry[] | string[]): string {
  const f = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(f, entries.map((e) => (typeof e === 'string' ? e : canonicalize(e)) + '\n').join(''));
  return f;
}

test('loadTrust: keys and strict policy at the tips of a real log', async () => {
  const g = genesis();
  const a1 = keyAdd(dev, [g.hash]);
  const p = policy(true, [a1.hash]);
  const c = seal(dev, 'commit', [p.hash], commitFields(0));
  const { state, tips } = await loadTrust(write([g, a1, p, c]));
  assert.equal(tips, [c.hash]);
  assert.is(state.policy.strict, true);
  assert.is(state.policyAt!.hash, p.hash);
  assert.ok(state.keys.get(dev.pubkey));
  // A missing log is empty trust.
  const none = await loadTrust(join(dir, 'missing.jsonl'));
  assert.is(none.state, EMPTY_TRUST);
  assert.equal(none.tips, []);
});

test('loadTrust: editing the file cannot switch strict mode off or add a key', async () => {
  const g = genesis();
  const p = policy(true, [g.hash]);
  const c = seal(admin, 'commit', [p.hash], commitFields(1));
  // Flip the policy in place: the entry no longer hashes.
  const edited = JSON.parse(canonicalize(p));
  edited.policy.strict = false;
  await rejects(() => loadTrust(write([canonicalize(g), canonicalize(edited), canonicalize(c)])), /HASH_MISMATCH/);
  // A policy entry signed by a non-admin key (registered, valid signature) does not count.
  const a = keyAdd(dev, [g.hash]);
  const sneaky = policy(false, [a.hash], dev);
  await rejects(() => loadTrust(write([g, a, sneaky])), /UNKNOWN_SIGNER/);
  // A key-add signed by an unregistered key does not count either.
  const x = makeKey('x', 'human', true);
  await rejects(() => loadTrust(write([g, keyAdd(x, [g.hash], x)])), /UNKNOWN_SIGNER/);
  // Deleting the policy line orphans its descendants: refused, not silently dropped.
  await rejects(() => loadTrust(write([g, c])), /PARENT_NOT_FOUND/);
});

test('loadTrust: forks merge (revocation wins) and the fail-closed error names the fix', async () => {
  const g = genesis();
  const a = keyAdd(dev, [g.hash]);
  const left = revoke(dev, [a.hash]);
  const right = seal(dev, 'commit', [a.hash], commitFields(2));
  const { state, tips } = await loadTrust(write([g, a, left, right]));
  assert.equal(tips.sort(), [left.hash, right.hash].sort());
  assert.ok(state.keys.get(dev.pubkey)!.revoked);
  const torn = write([g, a]).toString();
  writeFileSync(torn, canonicalize(g) + '\n' + canonicalize(a));
  try {
    await loadTrust(torn);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, AuraError);
    assert.match((e as AuraError).message, /TORN_LINE/);
    assert.match((e as AuraError).fix!, /aura audit verify/);
  }
});

test('loadTrust cache: an unchanged log is not replayed; appended entries are verified; edits fall back to a full replay', async () => {
  const g = genesis();
  const a = keyAdd(dev, [g.hash]);
  const entries: Entry[] = [g, a];
  for (let i = 0; i < 300; i++) entries.push(seal(dev, 'commit', [entries[entries.length - 1].hash], commitFields(i)));
  const file = write(entries);
  const first = await loadTrust(file);
  assert.is(first.state.policy.strict, false);
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  assert.is(readdirSync(join(dir, 'cache', 'aura', 'trust')).filter((f) => f.endsWith('.json')).length >= 1, true);
  // Unchanged: same answer from the cache.
  const again = await loadTrust(file);
  assert.equal(again.tips, first.tips);
  assert.is(again.state.keys.size, 2);
  // Appended: a valid policy entry is picked up from the new lines alone.
  const p = policy(true, [entries[entries.length - 1].hash]);
  const { appendFileSync } = require('node:fs') as typeof import('node:fs');
  appendFileSync(file, canonicalize(p) + '\n');
  const after = await loadTrust(file);
  assert.is(after.state.policy.strict, true);
  assert.equal(after.tips, [p.hash]);
  // Appended but forged (a non-admin policy): refused, not cached.
  const forged = policy(false, [p.hash], dev);
  appendFileSync(file, canonicalize(forged) + '\n');
  await rejects(() => loadTrust(file), /UNKNOWN_SIGNER/);
  // The cached prefix rewritten (the policy switched off): its last bytes no
  // longer match the cache, so the whole log is replayed, and the edit is found.
  const text = readFileSync(file, 'utf8').split('\n');
  text.splice(text.length - 2, 1); // drop the forged line again
  const last = JSON.parse(text[text.length - 2]);
  last.policy.strict = false;
  text[text.length - 2] = canonicalize(last).replace('"strict":false', '"strict":false ');
  writeFileSync(file, text.join('\n'));
  await rejects(() => loadTrust(file), /HASH_MISMATCH/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
