// The commit side of `aura audit verify --range A..B`, on real histories made with the hooks:
// OK for logged commits; UNLOGGED_COMMIT (--no-verify, or a trailer naming no entry),
// COMMIT_MISMATCH (a tampered copy: content changed under a kept trailer), DELTA_MISMATCH
// (a validly signed entry whose ast_delta is not the commit's).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { sealEntry } from '../lib/entry/seal';
import { deltaHash } from '../lib/entry/hash';
import { draftAuthor, loadActiveKey } from '../lib/keys/store';
import { appendEntry } from '../lib/log/append';
import { formatRangeResult, verifyRange } from '../lib/range/check';
import { gitIn, sandbox, writeFile } from './helpers/env';
import { commitFile, mustCommit, repoWithAuth, treeWithoutAuraGit } from './hooks-fixture';

const logOf = (dir: string) => join(dir, '.aura', 'intent_log.jsonl');

test('a range of commits made with the hooks verifies; a --no-verify commit is UNLOGGED_COMMIT', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    commitFile(sb, dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n', 'Add b');
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic', 'HEAD~1']);
    commitFile(sb, dir, 'src/c.py', 'def c():\n    return 2\n', 'Add c');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    gitIn(sb, dir, ['merge', '-q', '--no-edit', 'topic']);
    const ok = await verifyRange(`${base}..HEAD`, { cwd: dir, logPath: logOf(dir) });
    assert.is(ok.commits, 3);
    assert.equal(ok.findings, []);
    assert.match(formatRangeResult(ok), /OK — 3 commits/);

    writeFile(dir, 'src/d.ts', 'export const d = 4;\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Sneak d in']);
    const bad = await verifyRange(`${base}..HEAD`, { cwd: dir, logPath: logOf(dir) });
    assert.is(bad.findings.length, 1);
    assert.is(bad.findings[0].category, 'UNLOGGED_COMMIT');
    assert.match(formatRangeResult(bad), /UNLOGGED_COMMIT [0-9a-f]{12} "Sneak d in": no Aura-Intent trailer/);
    const r = await verifyRange('nope..HEAD', { cwd: dir, logPath: logOf(dir) }).catch((e) => e);
    assert.match(String(r.message), /bad range "nope\.\.HEAD"/);
  } finally {
    sb.cleanup();
  }
});

test('a tampered copy: content changed under a kept trailer is COMMIT_MISMATCH; a made-up trailer is UNLOGGED_COMMIT', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    commitFile(sb, dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n', 'Add b');
    const copy = join(sb.dir, 'copy');
    gitIn(sb, sb.dir, ['clone', '-q', dir, copy]);
    // tamper in the copy (no hooks there): change b's body, keep the message and its trailer
    writeFile(copy, 'src/b.ts', 'export function b() {\n  return 666;\n}\n');
    gitIn(sb, copy, ['add', 'src']);
    gitIn(sb, copy, ['commit', '-q', '--amend', '--no-edit', '--no-verify']);
    const t = await verifyRange(`${base}..HEAD`, { cwd: copy, logPath: logOf(copy) });
    assert.is(t.findings.length, 1);
    assert.is(t.findings[0].category, 'COMMIT_MISMATCH');
    assert.match(t.findings[0].reason, /bound to tree/);
    // a trailer that names an entry the log does not have
    gitIn(sb, copy, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'Fake\n\nAura-Intent: in_01J0000000000000000000000A blake3:' + '0'.repeat(64)]);
    const f = await verifyRange('HEAD~1..HEAD', { cwd: copy, logPath: logOf(copy) });
    assert.is(f.findings[0].category, 'UNLOGGED_COMMIT');
    assert.match(f.findings[0].reason, /not a commit entry of the log/);
  } finally {
    sb.cleanup();
  }
});

test('an entry signed with a real key but recording a delta that is not the commit\'s: DELTA_MISMATCH', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    // commit by plumbing (no hooks), claiming "nothing changed" for a change that removes validate
    writeFile(dir, 'src/auth.ts', 'export function login(user: string): string {\n  return user;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    const staged = gitIn(sb, dir, ['write-tree']).stdout.trim();
    const key = loadActiveKey(sb.env);
    const lie = { added: 0, modified: 0, removed: 0, nodes: [] };
    const entry = await appendEntry(logOf(dir), (tips) => sealEntry({
      capability: 'commit', intent: 'Reformat', author: draftAuthor(key), parents: tips,
      fields: { branch: 'main', commit_parents: [base], tree: treeWithoutAuraGit(sb, dir, staged), ast_delta: lie, ast_delta_hash: deltaHash(lie), authorizations: [] },
    }, key.signing));
    gitIn(sb, dir, ['add', '.aura/intent_log.jsonl']);
    const tree = gitIn(sb, dir, ['write-tree']).stdout.trim();
    const c = gitIn(sb, dir, ['commit-tree', tree, '-p', base, '-m', `Reformat\n\nAura-Intent: ${entry.id} ${entry.hash}`]).stdout.trim();
    gitIn(sb, dir, ['update-ref', 'HEAD', c]);
    const r = await verifyRange(`${base}..HEAD`, { cwd: dir, logPath: logOf(dir) });
    assert.is(r.findings.length, 1);
    assert.is(r.findings[0].category, 'DELTA_MISMATCH');
    assert.match(r.findings[0].reason, /recomputed from the commit: blake3:/);
  } finally {
    sb.cleanup();
  }
});

/** An entry written with an older `algorithm` for `files` verifies: `verify --range` recomputes it with that algorithm. */
async function olderEntryVerifies(algorithm: string, files: Record<string, string>, repairedNow: string): Promise<void> {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    for (const [path, text] of Object.entries(files)) writeFile(dir, path, text);
    gitIn(sb, dir, ['add', 'src']);
    const staged = gitIn(sb, dir, ['write-tree']).stdout.trim();
    const { revisionDelta } = await import('../lib/delta/index');
    const old = await revisionDelta(base, staged, { cwd: dir, cache: false, algorithm });
    const now = await revisionDelta(base, staged, { cwd: dir, cache: false });
    assert.is(old.algorithm, algorithm);
    assert.is(now.algorithm, 'aura-symbol/3');
    assert.ok(old.nodes.some((n) => n.parse_error), 'the old algorithm left a parse error');
    assert.not.ok(now.nodes.some((n) => n.parse_error));
    assert.ok(now.nodes.some((n) => n.path === repairedNow), repairedNow);
    const key = loadActiveKey(sb.env);
    const entry = await appendEntry(logOf(dir), (tips) => sealEntry({
      capability: 'commit', intent: 'Add files', author: draftAuthor(key), parents: tips,
      fields: { branch: 'main', commit_parents: [base], tree: treeWithoutAuraGit(sb, dir, staged), ast_delta: old, ast_delta_hash: deltaHash(old), authorizations: [] },
    }, key.signing));
    gitIn(sb, dir, ['add', '.aura/intent_log.jsonl']);
    const tree = gitIn(sb, dir, ['write-tree']).stdout.trim();
    const c = gitIn(sb, dir, ['commit-tree', tree, '-p', base, '-m', `Add files\n\nAura-Intent: ${entry.id} ${entry.hash}`]).stdout.trim();
    gitIn(sb, dir, ['update-ref', 'HEAD', c]);
    const r = await verifyRange(`${base}..HEAD`, { cwd: dir, logPath: logOf(dir) });
    assert.equal(r.findings, []);
  } finally {
    sb.cleanup();
  }
}

test('an entry an older version wrote (aura-symbol/1, before the repair pass) still verifies: recomputed with its own algorithm', async () => {
  // variance annotations: tree-sitter-typescript 0.23.2 leaves an ERROR; aura-symbol/2 repairs it
  await olderEntryVerifies('aura-symbol/1', {
    'src/box.ts': 'export interface Box<out T, in U> {\n  get(u: U): T\n}\nexport function ok() {\n  return 1;\n}\n',
  }, 'src/box.ts:Box');
});

test('an aura-symbol/2 entry still verifies after /3 (Python repairs, quoted keys, JSX {" "})', async () => {
  await olderEntryVerifies('aura-symbol/2', {
    'src/group.py': 'def run(f):\n    try:\n        f()\n    except *(ValueError):\n        pass\n\n\ndef ok():\n    return 1\n',
    'src/keys.ts': 'export const headers = { "Accept": "json", "x-id": 1 }\n',
    'src/Hi.tsx': 'export function Hi() {\n  return <p>\n    Hello{" "}\n    <b>you</b>\n  </p>\n}\n',
  }, 'src/group.py:run');
});

test.run();
