// `aura audit verify` as a user runs it: the real CLI on real log files and in a real Git
// repository; text output, --json, the options and the exit codes (0 OK, 1 BROKEN, 2 usage
// or I/O, 3 FORKED).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commitFields, draftBy, generateEntries, makeKeys } from '../bench/gen-log';
import { sealEntry } from '../lib/entry/seal';
import { canonicalize } from '../lib/json/canonical';
import { aura, newRepo, sandbox } from './helpers/env';

const sb = sandbox('aura-verify-cli-');
const keys = makeKeys(17);
const entries: Record<string, any>[] = [];
const lines: string[] = [];
// 17 signers; entries 60 s apart, ending about now.
generateEntries(200, { keys, mergeEvery: 50, start: Date.now() - 201 * 60_000, onEntry: (e, l) => (entries.push(e), lines.push(l)) });
const text = (ls: string[]) => ls.map((l) => l + '\n').join('');
let n = 0;
function logFile(ls: string[] | string): string {
  const f = join(sb.dir, `log-${++n}.jsonl`);
  writeFileSync(f, typeof ls === 'string' ? ls : text(ls));
  return f;
}
const fmt = (x: number) => x.toLocaleString('en-US');

test('OK: the report in the documented form, exit 0', () => {
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile(lines)]);
  assert.is(r.code, 0, r.stderr);
  const out = r.stdout.split('\n');
  assert.match(out[0], /^reading 200 entries from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
  assert.is(out[1], 'hashes: 200 / 200 OK');
  assert.is(out[2], 'parents: 200 / 200 OK');
  assert.is(out[3], 'signatures: 200 / 200 OK (17 distinct signers)');
  assert.is(out[4], 'chain: continuous');
  // Without a pin the genesis hash and admin key are shown for an out-of-band check.
  assert.ok(r.stdout.includes(`genesis: ${entries[0].hash} (admin key ${keys[0].pubkey} "admin")`));
  assert.ok(r.stdout.includes('not pinned'));
  assert.is(out[out.length - 2], 'OK');
});

test('thousands separators in counts', () => {
  const many: string[] = [];
  generateEntries(1234, { keys, mergeEvery: 0, onEntry: (_e, l) => many.push(l) });
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile(many)]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^reading 1,234 entries/);
  assert.ok(r.stdout.includes(`hashes: ${fmt(1234)} / ${fmt(1234)} OK`));
});

test('BROKEN: first inconsistency named with entry, category and reason; exit 1', () => {
  const ls = [...lines];
  const e = JSON.parse(ls[10]);
  e.intent = 'rewritten history';
  ls[10] = canonicalize(e);
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile(ls)]);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.ok(r.stdout.includes('hashes: 199 / 200 FAILED'));
  assert.ok(r.stdout.includes('chain: broken'));
  const last = r.stdout.trim().split('\n').pop()!;
  assert.match(last, new RegExp(`^BROKEN — first inconsistency at entry ${e.id}: HASH_MISMATCH recorded ${e.hash}, recomputed blake3:[0-9a-f]{64}$`));
});

test('--json lists every failure with category, entry id, line and reason', () => {
  const ls = [...lines];
  const a = JSON.parse(ls[20]);
  a.signature = 'ed25519:' + 'ab'.repeat(64);
  ls[20] = canonicalize(a);
  ls[40] = '{"not":"an entry"';
  ls.splice(60, 0, ls[59]); // a duplicate
  const r = aura(sb, sb.dir, ['audit', 'verify', '--json', '--log', logFile(ls)]);
  assert.is(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.result, 'BROKEN');
  const got = j.failures.map((f: any) => [f.category, f.line, f.entry]);
  assert.equal(got, [
    ['SIGNATURE_INVALID', 21, a.id],
    ['MALFORMED_ENTRY', 41, null],
    ['PARENT_NOT_FOUND', 42, entries[41].id],
    ['DUPLICATE_ENTRY', 61, entries[59].id],
  ]);
  for (const f of j.failures) assert.ok(typeof f.reason === 'string' && f.reason.length > 10);
  assert.is(j.failure_count, 4);
  assert.equal(j.signatures.signers, 17);
  assert.is(j.genesis.hash, entries[0].hash);
});

test('FORKED: two tips never joined are named; exit 3, never a plain OK', () => {
  const k = keys[3];
  const tip = entries[entries.length - 1].hash;
  const a = sealEntry(draftBy(k, 'commit', 'branch a', [tip], commitFields(1)), k.signing);
  const b = sealEntry(draftBy(k, 'commit', 'branch b', [tip], commitFields(2)), k.signing);
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile([...lines, canonicalize(a), canonicalize(b)])]);
  assert.is(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /chain: forked — 2 tips that no entry joins/);
  assert.ok(r.stdout.includes(a.id) && r.stdout.includes(b.id) && r.stdout.includes(a.hash) && r.stdout.includes(b.hash));
  assert.not.match(r.stdout, /^OK$/m);
  assert.match(r.stdout.trim().split('\n').pop()!, /^FORKED — 202 entries/);
  const j = JSON.parse(aura(sb, sb.dir, ['audit', 'verify', '--json', '--log', logFile([...lines, canonicalize(a), canonicalize(b)])]).stdout);
  assert.is(j.result, 'FORKED');
  assert.is(j.chain, 'forked');
  assert.is(j.warnings[0].category, 'FORK');
  assert.is(j.tips.length, 2);
});

test('--trust-genesis: match is shown; a different genesis is GENESIS_MISMATCH, exit 1', () => {
  const f = logFile(lines);
  const ok = aura(sb, sb.dir, ['audit', 'verify', '--log', f, '--trust-genesis', entries[0].hash]);
  assert.is(ok.code, 0);
  assert.ok(ok.stdout.includes(`genesis: ${entries[0].hash} (matches --trust-genesis)`));
  const bad = aura(sb, sb.dir, ['audit', 'verify', '--log', f, '--trust-genesis', 'blake3:' + '0'.repeat(64)]);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, /BROKEN — first inconsistency at entry in_\w+: GENESIS_MISMATCH the genesis is blake3:\w+, not the pinned blake3:0{64}/);
});

test('--since: only recent entries are signature-checked and counted', () => {
  const f = logFile(lines);
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', f, '--since', '30m']);
  assert.is(r.code, 0, r.stderr);
  const m = /^reading (\d+) entries .*\(of 200 lines/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m![1]) >= 28 && Number(m![1]) <= 31, m![1]);
  assert.match(r.stdout, new RegExp(`signatures: ${m![1]} / ${m![1]} OK`));
  const all = aura(sb, sb.dir, ['audit', 'verify', '--log', f, '--since', '2000-01-01']);
  assert.match(all.stdout, /^reading 200 entries/);
});

test('--from: that entry and its descendants', () => {
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile(lines), '--from', entries[150].id]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^reading 50 entries/);
  const missing = aura(sb, sb.dir, ['audit', 'verify', '--log', logFile(lines), '--from', 'in_01J2ABCDEFGHJKMNPQRSTVWXYZ']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no entry .* has this id/);
});

test('--signatures-only skips the DAG and trust checks', () => {
  const ls = [...lines];
  ls.splice(100, 1);
  const f = logFile(ls);
  assert.is(aura(sb, sb.dir, ['audit', 'verify', '--log', f]).code, 1);
  const r = aura(sb, sb.dir, ['audit', 'verify', '--log', f, '--signatures-only']);
  assert.is(r.code, 0, r.stdout);
  assert.ok(r.stdout.includes('parents: not checked (--signatures-only)'));
  assert.ok(r.stdout.includes('signatures: 199 / 199 OK'));
});

test('usage and I/O errors exit 2 with the problem and the fix', () => {
  const cases: [string[], RegExp][] = [
    [['audit', 'verify', '--log', join(sb.dir, 'nope.jsonl')], /cannot read the log .*nope.jsonl: no such file/],
    [['audit', 'verify', '--log', sb.dir], /is not a file/],
    [['audit', 'verify', '--since', 'yesterday', '--log', 'x'], /--since needs a duration/],
    [['audit', 'verify', '--from', 'abc', '--log', 'x'], /--from needs an intent id/],
    [['audit', 'verify', '--trust-genesis', 'sha256:00', '--log', 'x'], /--trust-genesis needs a hash/],
    [['audit', 'verify', '--bogus'], /Unknown option/],
    [['audit', 'verify', '--from', entries[1].id, '--since', '1d', '--log', 'x'], /not both/],
  ];
  for (const [args, why] of cases) {
    const r = aura(sb, sb.dir, args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, why);
  }
  const outside = aura(sb, sb.dir, ['audit', 'verify']);
  assert.is(outside.code, 2);
  assert.match(outside.stderr, /pass --log PATH/);
});

test('in a repository it verifies .aura/intent_log.jsonl (or [audit] log_path), with [audit] clock_tolerance_seconds', () => {
  const repo = newRepo(sb, 'repo');
  mkdirSync(join(repo, '.aura'), { recursive: true });
  writeFileSync(join(repo, '.aura', 'intent_log.jsonl'), text(lines));
  const r = aura(sb, join(repo), ['audit', 'verify']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^reading 200 entries/);
  // A 2-minute regression passes the default 5-minute tolerance but not a 60-second one.
  const k = keys[2];
  const last = entries[entries.length - 1];
  const back = sealEntry(draftBy(k, 'commit', 'late clock', [last.hash], commitFields(3)), k.signing, Date.parse(last.ts) - 120_000);
  writeFileSync(join(repo, '.aura', 'intent_log.jsonl'), text([...lines, canonicalize(back)]));
  assert.is(aura(sb, repo, ['audit', 'verify']).code, 0);
  writeFileSync(join(repo, '.aura', 'config.toml'), '[audit]\nclock_tolerance_seconds = 60\n');
  const r2 = aura(sb, repo, ['audit', 'verify']);
  assert.is(r2.code, 1);
  assert.match(r2.stdout, /CLOCK_REGRESSION ts .* is 120 s before its parent/);
});

test.after(() => sb.cleanup());
test.run();
