// One tampered log per failure category of the verifier (docs/format.md), plus the cases the
// issue names: revoked keys, wrong kinds, non-admins doing admin work, redactions, forks,
// out-of-order lines, torn lines, duplicate keys and __proto__. Logs are real signed entries
// written to temp files; the engine runs in this process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commitFields, draftBy, GenKey, makeKey } from '../bench/gen-log';
import { hashRef } from '../lib/crypto/blake3';
import { signatureRef } from '../lib/crypto/ed25519';
import { entryDigest, commitment } from '../lib/entry/hash';
import { sealEntry } from '../lib/entry/seal';
import type { Entry } from '../lib/entry/types';
import { canonicalize } from '../lib/json/canonical';
import { verifyLog } from '../lib/verify/engine';
import type { VerifyOptions, VerifyReport } from '../lib/verify/types';

const dir = mkdtempSync(join(tmpdir(), 'aura-verify-'));
let fileNo = 0;

const admin = makeKey('admin', 'human', true);
const dev = makeKey('dev', 'human', false);
const bot = makeKey('bot', 'agent', false);
const stranger = makeKey('stranger', 'human', true);

/** Builds a log entry by entry; `now` advances a minute per entry unless told otherwise. */
class Log {
  entries: Entry[] = [];
  now = Date.parse('2026-04-01T10:00:00.000Z');
  tips: string[] = [];
  add(key: GenKey, capability: string, fields: Record<string, unknown> = {}, opts: { parents?: string[]; ts?: number; kind?: 'human' | 'agent'; intent?: string } = {}): Entry {
    const d = draftBy(key, capability, opts.intent ?? `${capability} by ${key.keyId}`, opts.parents ?? this.tips, fields);
    if (opts.kind) d.author.kind = opts.kind;
    const e = sealEntry(d, key.signing, opts.ts ?? (this.now += 60_000));
    this.entries.push(e);
    this.tips = [...this.tips.filter((t) => !e.parents.includes(t)), e.hash];
    return e;
  }
  genesis(key = admin): Entry {
    return this.add(key, 'genesis', { key: key.pubkey, key_id: key.keyId, key_kind: key.kind, roles: ['admin'] }, { parents: [] });
  }
  keyAdd(k: GenKey, by = admin, opts: { parents?: string[] } = {}): Entry {
    return this.add(by, 'key-add', { key: k.pubkey, key_id: k.keyId, key_kind: k.kind, roles: k.admin ? ['admin'] : [] }, opts);
  }
  commit(by: GenKey, opts: { parents?: string[]; ts?: number; kind?: 'human' | 'agent' } = {}): Entry {
    return this.add(by, 'commit', commitFields(this.entries.length), opts);
  }
  lines(): string[] {
    return this.entries.map((e) => canonicalize(e));
  }
}

/** The usual start: genesis, dev (human) and bot (agent) registered, one commit each. */
function base(): Log {
  const log = new Log();
  log.genesis();
  log.keyAdd(dev);
  log.keyAdd(bot);
  log.commit(dev);
  log.commit(bot);
  return log;
}

/** Re-hashes and re-signs an entry after a change (as a forger holding `key` would). */
function reseal(e: Record<string, any>, key: GenKey): Entry {
  const digest = entryDigest(e);
  e.hash = hashRef(digest);
  e.signature = signatureRef(key.signing.sign(digest));
  return e as Entry;
}

async function verifyText(text: string | Buffer, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const file = join(dir, `log-${++fileNo}.jsonl`);
  writeFileSync(file, text);
  return verifyLog(file, { workers: 0, ...opts });
}
const verifyLinesOf = (lines: string[], opts: VerifyOptions = {}) => verifyText(lines.map((l) => l + '\n').join(''), opts);
const categories = (r: VerifyReport) => r.failures.map((f) => f.category);

function onlyFailure(r: VerifyReport, category: string, line: number, reason?: RegExp) {
  assert.equal(categories(r), [category], JSON.stringify(r.failures, null, 1));
  assert.is(r.failures[0].line, line);
  if (reason) assert.match(r.failures[0].reason, reason);
  assert.not.ok(r.ok);
}

test('a valid log verifies: counts, signers, genesis, tips, trust', async () => {
  const log = base();
  const r = await verifyLinesOf(log.lines());
  assert.ok(r.ok, JSON.stringify(r.failures));
  assert.not.ok(r.forked);
  assert.is(r.entries, 5);
  assert.equal(r.hashes, { checked: 5, ok: 5 });
  assert.equal(r.parents, { checked: 5, ok: 5 });
  assert.equal(r.signatures, { checked: 5, ok: 5, signers: 3 });
  assert.is(r.genesis!.hash, log.entries[0].hash);
  assert.is(r.genesis!.key, admin.pubkey);
  assert.equal(r.tips.map((t) => t.hash), [log.entries[4].hash]);
  assert.is(r.trust.keys.size, 3);
  assert.ok(r.trust.keys.get(admin.pubkey)!.admin);
  assert.is(r.trust.keys.get(bot.pubkey)!.kind, 'agent');
});

test('an empty log is OK with no entries', async () => {
  const r = await verifyText('');
  assert.ok(r.ok);
  assert.is(r.entries, 0);
});

// ---- MALFORMED_ENTRY ----------------------------------------------------------------

test('MALFORMED_ENTRY: a line that is not JSON', async () => {
  const lines = base().lines();
  lines[2] = 'this is not json';
  const r = await verifyLinesOf(lines);
  assert.is(r.failures[0].category, 'MALFORMED_ENTRY');
  assert.is(r.failures[0].line, 3);
  assert.match(r.failures[0].reason, /not a JSON entry/);
});

test('MALFORMED_ENTRY: invalid UTF-8', async () => {
  const lines = base().lines().map((l) => Buffer.from(l + '\n'));
  const bad = Buffer.from(lines[3]);
  const at = bad.indexOf('"intent":"') + 10;
  bad[at] = 0xc3; // a lead byte followed by an ASCII byte
  lines[3] = bad;
  const r = await verifyText(Buffer.concat(lines));
  onlyFailure(r, 'MALFORMED_ENTRY', 4, /not valid UTF-8/);
});

test('MALFORMED_ENTRY: JSON with a duplicate key (JSON.parse would keep the last one)', async () => {
  const log = base();
  const lines = log.lines();
  // Prepend a second "intent": a lenient reader would show the forged text and still hash the real one.
  lines[3] = lines[3].replace('{', '{"intent":"forged",');
  const r = await verifyLinesOf(lines);
  onlyFailure(r, 'MALFORMED_ENTRY', 4, /duplicate member name "intent"/);
});

test('MALFORMED_ENTRY: a __proto__ key', async () => {
  const lines = base().lines();
  lines[4] = lines[4].replace('{', '{"__proto__":{"capability":"policy"},');
  const r = await verifyLinesOf(lines);
  onlyFailure(r, 'MALFORMED_ENTRY', 5, /__proto__/);
});

test('MALFORMED_ENTRY: missing field, non-integer number, unknown version, bad encoding', async () => {
  const log = base();
  const mutate = (f: (e: Record<string, any>) => void) => {
    const lines = log.lines();
    const e = JSON.parse(lines[3]);
    f(e);
    lines[3] = canonicalize(e);
    return verifyLinesOf(lines);
  };
  onlyFailure(await mutate((e) => delete e.parents), 'MALFORMED_ENTRY', 4, /parents/);
  onlyFailure(await mutate((e) => (e.ast_delta.added = 1.5)), 'MALFORMED_ENTRY', 4, /whole number|integers/);
  onlyFailure(await mutate((e) => (e.extra = 0.25)), 'MALFORMED_ENTRY', 4, /only integers/);
  onlyFailure(await mutate((e) => (e.version = 2)), 'MALFORMED_ENTRY', 4, /unknown version 2/);
  // An unreadable hash cannot stand in the DAG: its child reports the missing parent too.
  const r = await mutate((e) => (e.hash = e.hash.toUpperCase()));
  assert.equal(categories(r), ['MALFORMED_ENTRY', 'PARENT_NOT_FOUND']);
  assert.match(r.failures[0].reason, /hash must be/);
  onlyFailure(await mutate((e) => (e.author.kind = 'robot')), 'MALFORMED_ENTRY', 4, /author.kind/);
  onlyFailure(await mutate((e) => (e.ts = '2026-04-01 10:00:00')), 'MALFORMED_ENTRY', 4, /ts must be/);
});

// ---- TORN_LINE -----------------------------------------------------------------------

test('TORN_LINE: the last line has no newline (an interrupted write)', async () => {
  const lines = base().lines();
  const text = lines.map((l) => l + '\n').join('');
  const r = await verifyText(text.slice(0, -40)); // cut inside the last entry
  assert.equal(categories(r), ['TORN_LINE', 'MALFORMED_ENTRY']);
  assert.ok(r.failures.every((f) => f.line === 5));
  // Only the newline missing: the entry itself is intact, so only TORN_LINE.
  const r2 = await verifyText(text.slice(0, -1));
  onlyFailure(r2, 'TORN_LINE', 5, /no final newline/);
});

// ---- HASH_MISMATCH / DELTA_HASH_MISMATCH / SIGNATURE_INVALID --------------------------

test('HASH_MISMATCH: an entry edited after it was signed', async () => {
  const lines = base().lines();
  const e = JSON.parse(lines[3]);
  e.intent = 'Something else entirely';
  lines[3] = canonicalize(e);
  onlyFailure(await verifyLinesOf(lines), 'HASH_MISMATCH', 4, /recorded blake3:[0-9a-f]{64}, recomputed blake3:/);
});

test('DELTA_HASH_MISMATCH: ast_delta changed and the entry re-signed, ast_delta_hash left stale', async () => {
  const log = base();
  const e = structuredClone(log.entries[3]) as Record<string, any>;
  e.ast_delta.nodes[0].after = e.ast_delta.nodes[0].before; // claim a different change
  reseal(e, dev);
  const lines = log.lines();
  lines[3] = canonicalize(e);
  lines[4] = canonicalize(reseal({ ...structuredClone(log.entries[4]), parents: [e.hash] }, bot));
  onlyFailure(await verifyLinesOf(lines), 'DELTA_HASH_MISMATCH', 4, /recorded ast_delta_hash/);
});

test('SIGNATURE_INVALID: a signature by another key, and a corrupted one', async () => {
  const log = base();
  const lines = log.lines();
  const e = JSON.parse(lines[3]);
  e.signature = 'ed25519:' + stranger.signing.sign(Buffer.from(e.hash.slice(7), 'hex')).toString('hex');
  lines[3] = canonicalize(e);
  onlyFailure(await verifyLinesOf(lines), 'SIGNATURE_INVALID', 4, /not a valid Ed25519 signature/);
  const lines2 = log.lines();
  const e2 = JSON.parse(lines2[4]);
  e2.signature = e2.signature.slice(0, 20) + (e2.signature[20] === 'a' ? 'b' : 'a') + e2.signature.slice(21);
  lines2[4] = canonicalize(e2);
  onlyFailure(await verifyLinesOf(lines2), 'SIGNATURE_INVALID', 5);
});

// ---- UNKNOWN_SIGNER ------------------------------------------------------------------

test('UNKNOWN_SIGNER: a key nobody registered', async () => {
  const log = base();
  log.commit(stranger);
  onlyFailure(await verifyLinesOf(log.lines()), 'UNKNOWN_SIGNER', 6, /not registered/);
});

test('UNKNOWN_SIGNER: an entry signed by a revoked key after its revocation', async () => {
  const log = base();
  const rev = log.add(admin, 'key-revoke', { key: dev.pubkey, reason: 'laptop stolen' });
  log.commit(dev);
  const r = await verifyLinesOf(log.lines());
  onlyFailure(r, 'UNKNOWN_SIGNER', 7, /revoked at entry .* \(laptop stolen\)/);
  assert.match(r.failures[0].reason, new RegExp(rev.id));
  assert.ok(r.trust.keys.get(dev.pubkey)!.revoked);
});

test('UNKNOWN_SIGNER: a key registered as agent signing an entry that claims kind human', async () => {
  const log = base();
  log.commit(bot, { kind: 'human' });
  onlyFailure(await verifyLinesOf(log.lines()), 'UNKNOWN_SIGNER', 6, /registered as agent but the entry claims author.kind human/);
});

test('UNKNOWN_SIGNER: a non-admin key signing key-add (and the key it adds stays unknown)', async () => {
  const log = base();
  log.keyAdd(stranger, dev);
  log.commit(stranger);
  const r = await verifyLinesOf(log.lines());
  assert.equal(categories(r), ['UNKNOWN_SIGNER', 'UNKNOWN_SIGNER']);
  assert.match(r.failures[0].reason, /not an admin key; only admin keys may sign key-add/);
  assert.match(r.failures[1].reason, /not registered/);
});

test('UNKNOWN_SIGNER: an agent key signing authorize-delete', async () => {
  const log = base();
  log.add(bot, 'authorize-delete', { targets: ['src/a.ts:f'] });
  onlyFailure(await verifyLinesOf(log.lines()), 'UNKNOWN_SIGNER', 6, /agent key; only human keys may sign authorize-delete/);
});

test('UNKNOWN_SIGNER: trust follows the DAG, not the file order (a key added on another branch)', async () => {
  const log = base();
  const fork = log.tips;
  const added = log.keyAdd(stranger, admin, { parents: fork }); // branch A registers stranger
  const b = log.commit(dev, { parents: fork }); // branch B
  const c = log.commit(stranger, { parents: [b.hash] }); // on B, where stranger is unknown
  log.commit(dev, { parents: [added.hash, c.hash] });
  const r = await verifyLinesOf(log.lines());
  onlyFailure(r, 'UNKNOWN_SIGNER', 8, /not registered in this entry's ancestry/);
  // After the merge, the key is known: signing there is fine.
  const ok = base();
  const t = ok.tips;
  const a2 = ok.keyAdd(stranger, admin, { parents: t });
  const b2 = ok.commit(dev, { parents: t });
  ok.commit(dev, { parents: [a2.hash, b2.hash] });
  ok.commit(stranger);
  assert.ok((await verifyLinesOf(ok.lines())).ok);
});

test('UNKNOWN_SIGNER: a genesis that is not self-signed', async () => {
  const log = new Log();
  log.add(dev, 'genesis', { key: admin.pubkey, key_id: 'admin', key_kind: 'human', roles: ['admin'] }, { parents: [] });
  const r = await verifyLinesOf(log.lines());
  assert.is(r.failures[0].category, 'UNKNOWN_SIGNER');
  assert.match(r.failures[0].reason, /self-signed/);
});

// ---- PARENT_NOT_FOUND / DUPLICATE_ENTRY / ID_REUSED / CLOCK_REGRESSION ----------------

test('PARENT_NOT_FOUND: a deleted line', async () => {
  const lines = base().lines();
  lines.splice(3, 1);
  const r = await verifyLinesOf(lines);
  onlyFailure(r, 'PARENT_NOT_FOUND', 4, /is not in the log/);
  assert.equal(r.parents, { checked: 4, ok: 3 });
});

test('DUPLICATE_ENTRY: the same entry twice', async () => {
  const lines = base().lines();
  lines.splice(4, 0, lines[3]);
  onlyFailure(await verifyLinesOf(lines), 'DUPLICATE_ENTRY', 5, /same entry \(same hash\) as line 4/);
});

test('ID_REUSED: two different entries with the same id', async () => {
  const log = base();
  const e = structuredClone(log.entries[4]) as Record<string, any>;
  e.id = log.entries[3].id;
  const lines = log.lines();
  lines[4] = canonicalize(reseal(e, bot));
  onlyFailure(await verifyLinesOf(lines), 'ID_REUSED', 5, /already used/);
});

test('CLOCK_REGRESSION: an entry 10 minutes older than its parent (tolerance 5 min)', async () => {
  const log = base();
  const parentTs = Date.parse(log.entries[4].ts);
  log.commit(dev, { ts: parentTs - 10 * 60_000 });
  onlyFailure(await verifyLinesOf(log.lines()), 'CLOCK_REGRESSION', 6, /600 s before its parent at line 5/);
  // Within the tolerance it is fine; the tolerance is configurable.
  const ok = base();
  ok.commit(dev, { ts: Date.parse(ok.entries[4].ts) - 4 * 60_000 });
  assert.ok((await verifyLinesOf(ok.lines())).ok);
  assert.is((await verifyLinesOf(ok.lines(), { clockToleranceMs: 60_000 })).failures[0].category, 'CLOCK_REGRESSION');
});

// ---- UNAUTHORIZED_REDACTION ----------------------------------------------------------

function redacted(e: Entry): Entry {
  const r = structuredClone(e) as Record<string, any>;
  r.redacted = { intent: commitment(e.salt!, e.intent), 'author.id': commitment(e.salt!, e.author.id) };
  delete r.salt;
  r.intent = '[redacted]';
  r.author.id = '[erased]';
  return r as Entry;
}

test('UNAUTHORIZED_REDACTION: a redacted field that no redact entry names', async () => {
  const log = base();
  const lines = log.lines();
  lines[3] = canonicalize(redacted(log.entries[3]));
  const r = await verifyLinesOf(lines);
  onlyFailure(r, "UNAUTHORIZED_REDACTION", 4, /redacted author.id, intent but no valid redact entry/);
  assert.equal(r.hashes, { checked: 5, ok: 5 }); // the recorded commitments keep the hash intact
});

test('a redaction named by an admin redact entry (later in the log) verifies; by a non-admin it does not', async () => {
  const log = base();
  const target = log.entries[3];
  log.add(admin, 'redact', { targets: [{ entry: target.hash, fields: ['intent', 'author.id'] }] });
  const lines = log.lines();
  lines[3] = canonicalize(redacted(target));
  const r = await verifyLinesOf(lines);
  assert.ok(r.ok, JSON.stringify(r.failures));

  const bad = base();
  const t2 = bad.entries[3];
  bad.add(dev, 'redact', { targets: [{ entry: t2.hash, fields: ['intent', 'author.id'] }] });
  const lines2 = bad.lines();
  lines2[3] = canonicalize(redacted(t2));
  const r2 = await verifyLinesOf(lines2);
  assert.equal(categories(r2), ['UNAUTHORIZED_REDACTION', 'UNKNOWN_SIGNER']);

  // A redact entry naming only intent does not cover author.id.
  const half = base();
  const t3 = half.entries[3];
  half.add(admin, 'redact', { targets: [{ entry: t3.hash, fields: ['intent'] }] });
  const lines3 = half.lines();
  lines3[3] = canonicalize(redacted(t3));
  onlyFailure(await verifyLinesOf(lines3), 'UNAUTHORIZED_REDACTION', 4, /redacted author.id but/);
});

test('a redacted entry that kept its salt, or records only one commitment, is malformed', async () => {
  const log = base();
  const e = redacted(log.entries[3]) as Record<string, any>;
  const lines = log.lines();
  lines[3] = canonicalize({ ...e, salt: log.entries[3].salt });
  onlyFailure(await verifyLinesOf(lines), 'MALFORMED_ENTRY', 4, /no salt/);
  delete e.redacted['author.id'];
  lines[3] = canonicalize(e);
  onlyFailure(await verifyLinesOf(lines), 'MALFORMED_ENTRY', 4, /both/);
});

// ---- genesis -------------------------------------------------------------------------

test('MULTIPLE_GENESIS: a second genesis in the log', async () => {
  const log = base();
  log.genesis(stranger);
  onlyFailure(await verifyLinesOf(log.lines()), 'MULTIPLE_GENESIS', 6, /a second genesis/);
});

test('GENESIS_MISMATCH: the genesis differs from --trust-genesis (also a log without genesis)', async () => {
  const log = base();
  const other = new Log().genesis(stranger);
  const r = await verifyLinesOf(log.lines(), { trustGenesis: other.hash });
  onlyFailure(r, 'GENESIS_MISMATCH', 1, new RegExp(`not the pinned ${other.hash}`));
  assert.ok((await verifyLinesOf(log.lines(), { trustGenesis: log.entries[0].hash })).ok);
  const r2 = await verifyText('', { trustGenesis: other.hash });
  assert.equal(categories(r2), ['GENESIS_MISMATCH']);
  assert.match(r2.failures[0].reason, /no genesis entry/);
});

// ---- DAG order, forks ----------------------------------------------------------------

test('lines out of order verify: DAG order is recomputed', async () => {
  const log = base();
  const t = log.tips;
  const a = log.commit(dev, { parents: t });
  const b = log.commit(bot, { parents: t });
  log.commit(admin, { parents: [a.hash, b.hash] });
  const lines = log.lines();
  const r = await verifyLinesOf([...lines].reverse());
  assert.ok(r.ok, JSON.stringify(r.failures));
  assert.is(r.entries, lines.length);
  const shuffled = [lines[5], lines[2], lines[7], lines[0], lines[6], lines[4], lines[1], lines[3]];
  assert.ok((await verifyLinesOf(shuffled)).ok);
});

test('FORK: two tips never joined are reported with both tips, never a silent OK', async () => {
  const log = base();
  const t = log.tips;
  const a = log.commit(dev, { parents: t });
  const b = log.commit(bot, { parents: t });
  const r = await verifyLinesOf(log.lines());
  assert.ok(r.ok); // no inconsistency…
  assert.ok(r.forked); // …but not OK either
  assert.is(r.warnings[0].category, 'FORK');
  assert.match(r.warnings[0].reason, new RegExp(`${a.id}.*${b.id}`));
  assert.equal(r.tips.map((x) => x.hash).sort(), [a.hash, b.hash].sort());
  // Joining the tips ends the fork.
  log.commit(dev, { parents: [a.hash, b.hash] });
  const joined = await verifyLinesOf(log.lines());
  assert.ok(joined.ok && !joined.forked);
});

test('a key revoked on one branch is revoked after the merge (revocation wins)', async () => {
  const log = base();
  const t = log.tips;
  const rev = log.add(admin, 'key-revoke', { key: bot.pubkey, reason: 'retired' }, { parents: t });
  const other = log.commit(bot, { parents: t }); // concurrent, not a descendant: valid
  log.commit(dev, { parents: [rev.hash, other.hash] });
  log.commit(bot);
  onlyFailure(await verifyLinesOf(log.lines()), 'UNKNOWN_SIGNER', 9, /revoked/);
});

test('--signatures-only checks only hashes and signatures', async () => {
  const log = base();
  log.commit(stranger); // an unknown signer, but a valid signature
  const lines = log.lines();
  lines.splice(1, 1); // and a missing parent
  const r = await verifyLinesOf(lines, { signaturesOnly: true });
  assert.ok(r.ok, JSON.stringify(r.failures));
  assert.equal(r.signatures, { checked: 5, ok: 5, signers: 4 });
  assert.equal(r.parents, { checked: 0, ok: 0 });
});

test('--since and --from restrict what is signature-checked and counted, not what is read', async () => {
  const log = base(); // entries at 10:01 … 10:05
  log.commit(dev); // 10:06
  log.commit(bot); // 10:07
  const lines = log.lines();
  const since = await verifyLinesOf(lines, { since: Date.parse(log.entries[5].ts) });
  assert.ok(since.ok);
  assert.is(since.entries, 2);
  assert.is(since.signatures.checked, 2);
  assert.is(since.firstTs, log.entries[5].ts);
  const from = await verifyLinesOf(lines, { from: log.entries[4].id });
  assert.ok(from.ok);
  assert.is(from.entries, 3);
  assert.ok(from.fromFound);
  // A bad signature before the window is not checked; a hash mismatch anywhere is still found.
  const e = JSON.parse(lines[3]);
  e.signature = 'ed25519:' + '0'.repeat(128);
  const badSig = [...lines];
  badSig[3] = canonicalize(e);
  assert.ok((await verifyLinesOf(badSig, { since: Date.parse(log.entries[5].ts) })).ok);
  assert.not.ok((await verifyLinesOf(badSig)).ok);
  const missing = await verifyLinesOf(lines, { from: 'in_01J2ABCDEFGHJKMNPQRSTVWXYZ' });
  assert.is(missing.fromFound, false);
});

test('worker threads give the same report as the main thread', async () => {
  const log = base();
  for (let i = 0; i < 40; i++) log.commit(i % 2 ? dev : bot);
  const lines = log.lines();
  lines[20] = lines[20].replace('"intent":"', '"intent":"x');
  lines.splice(30, 1);
  const a = await verifyLinesOf(lines, { workers: 0 });
  const b = await verifyLinesOf(lines, { workers: 2 });
  assert.equal(b.failures, a.failures);
  assert.equal(categories(a), ['HASH_MISMATCH', 'PARENT_NOT_FOUND']);
  assert.equal(b.signatures, a.signatures);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
