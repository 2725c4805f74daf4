// What a hook reads from loose objects instead of starting git (lib/git/loose.ts): two commits
// compared when every difference is a file changed in place (lib/git/tree-diff-loose.ts), which
// must say exactly what `git diff-tree` says and give up (null) on anything else; and a small
// change's blobs (lib/git/batch.ts readSmallChange). Real commits through real git; then the
// same after `git gc` packs everything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, rmSync, symlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { changedInPlace } from '../lib/git/tree-diff-loose';
import { treeChanges } from '../lib/git/tree';
import { readBlobs, readSmallChange } from '../lib/git/batch';
import { readLooseWithin } from '../lib/git/loose';
import { gitIn, newRepo, sandbox, writeFile } from './helpers/env';

const sb = sandbox();
const dir = newRepo(sb);
const commonDir = join(dir, '.git');
const commit = (msg: string): string => {
  gitIn(sb, dir, ['add', '-A']);
  gitIn(sb, dir, ['commit', '-q', '--allow-empty', '-m', msg]);
  return gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
};
const byGit = (a: string, b: string) => treeChanges(dir, a, b); // no common dir: always git diff-tree

writeFile(dir, 'src/a.ts', 'export const a = 1;\n');
writeFile(dir, 'src/deep/b.ts', 'export const b = 1;\n');
writeFile(dir, 'odd name ü\nline.ts', 'x\n');
writeFile(dir, 'run.sh', 'echo hi\n');
symlinkSync('src/a.ts', join(dir, 'link'));
writeFile(dir, 'top.txt', 'top\n');
const c0 = commit('initial');

test('files changed in place (content, mode, symlink target, odd names, nested): exactly git diff-tree', () => {
  writeFile(dir, 'src/a.ts', 'export const a = 2;\n');
  writeFile(dir, 'src/deep/b.ts', 'export const b = 2;\n');
  writeFile(dir, 'odd name ü\nline.ts', 'y\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  rmSync(join(dir, 'link'));
  symlinkSync('src/deep/b.ts', join(dir, 'link'));
  const c1 = commit('change in place');
  const mine = changedInPlace(commonDir, c0, c1);
  assert.ok(mine, 'answered from loose objects');
  assert.equal(mine, byGit(c0, c1));
  assert.is(mine!.length, 5);
  assert.equal(changedInPlace(commonDir, c1, c1), [], 'the same commit: nothing');
});

test('an added, removed or renamed path, a type change, a file that became a directory: left to git', () => {
  const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
  writeFile(dir, 'src/new.ts', 'export const n = 1;\n');
  const added = commit('add');
  assert.is(changedInPlace(commonDir, base, added), null);
  gitIn(sb, dir, ['mv', 'src/new.ts', 'src/moved.ts']);
  const moved = commit('rename');
  assert.is(changedInPlace(commonDir, added, moved), null);
  rmSync(join(dir, 'link'));
  writeFile(dir, 'link', 'now a file\n');
  const typed = commit('symlink to file');
  assert.is(changedInPlace(commonDir, moved, typed), null);
  rmSync(join(dir, 'top.txt'));
  writeFile(dir, 'top.txt/inner', 'a directory now\n');
  const dirNow = commit('file to directory');
  assert.is(changedInPlace(commonDir, typed, dirNow), null);
  // and treeChanges with the common dir still answers all of them, through git
  for (const [a, b] of [[base, added], [added, moved], [moved, typed], [typed, dirNow]]) assert.equal(treeChanges(dir, a, b, commonDir), byGit(a, b));
});

test('a small change\'s blobs: loose ones read here, a loose one over the limit sized but not read, the rest by cat-file', () => {
  writeFile(dir, 'big.bin', Buffer.alloc(300_000, 7)); // compresses to little: inflated up to the bound
  writeFile(dir, 'noise.bin', randomBytes(300_000)); // does not compress: sized from its first bytes
  writeFile(dir, 'small.ts', 'export const s = 1;\n');
  gitIn(sb, dir, ['add', 'big.bin', 'noise.bin', 'small.ts']);
  const oid = (p: string) => gitIn(sb, dir, ['rev-parse', `:${p}`]).stdout.trim();
  const [big, small, old] = [oid('big.bin'), oid('small.ts'), gitIn(sb, dir, ['rev-parse', `${c0}:top.txt`]).stdout.trim()];
  assert.equal(readLooseWithin(commonDir, big, 100_000), { size: 300_000 }, 'over the bound: its size');
  assert.equal(readLooseWithin(commonDir, oid('noise.bin'), 100_000), { size: 300_000 }, 'a file larger than the bound: its size from its start');
  const r = readSmallChange(dir, commonDir, [big, small, old], 100_000, 1 << 20)!;
  assert.equal([...r.sizes.entries()].sort(), [[big, 300_000], [small, 20], [old, 4]].sort());
  assert.not.ok(r.blobs.has(big), 'over the limit: sized from its header, never inflated');
  assert.equal(r.blobs.get(small), readBlobs(dir, [small]).get(small));
  assert.equal(r.blobs.get(old), Buffer.from('top\n'));
  gitIn(sb, dir, ['reset', '-q']);
  rmSync(join(dir, 'big.bin'));
  rmSync(join(dir, 'noise.bin'));
  rmSync(join(dir, 'small.ts'));
});

test('packed objects: null, and treeChanges and readSmallChange ask git', () => {
  const a = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
  writeFile(dir, 'src/a.ts', 'export const a = 3;\n');
  const b = commit('one more');
  gitIn(sb, dir, ['gc', '-q', '--prune=now']);
  assert.is(changedInPlace(commonDir, a, b), null);
  assert.equal(treeChanges(dir, a, b, commonDir), byGit(a, b));
  const blob = gitIn(sb, dir, ['rev-parse', `${b}:src/a.ts`]).stdout.trim();
  assert.is(readLooseWithin(commonDir, blob, 1 << 20), null, 'packed');
  assert.equal(readSmallChange(dir, commonDir, [blob], 100, 1 << 20)!.blobs.get(blob), Buffer.from('export const a = 3;\n'));
  assert.is(readSmallChange(dir, commonDir, [blob], 100, 10), null, 'past the bound: read sizes first instead');
  sb.cleanup();
});

test.run();
