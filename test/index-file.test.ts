// Reading one path's blob id from Git's index file (lib/git/index-file.ts), against what
// `git rev-parse :<path>` says of the same index: each index version Git writes, names with
// spaces, newlines and non-ASCII, entries with extended flags, conflicts, and the indexes this
// reader leaves to git (split).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { indexedBlob, indexedTree } from '../lib/git/index-file';
import { gitIn, newRepo, sandbox, Sandbox, writeFile } from './helpers/env';

const NAMES = ['a.txt', 'dir/with space.txt', 'dir/new\nline.txt', 'zürich/Ünïcode.ts', 'dir/sub/deep/file.json', '.aura/intent_log.jsonl'];

function repoWithFiles(sb: Sandbox): string {
  const dir = newRepo(sb);
  NAMES.forEach((n, i) => writeFile(dir, n, `file ${i}\n`));
  for (let i = 0; i < 40; i++) writeFile(dir, `many/f${String(i).padStart(3, '0')}.txt`, `${i}\n`); // v4's shared prefixes
  gitIn(sb, dir, ['add', '-A']);
  return dir;
}

const indexed = (dir: string, path: string): string | null | undefined => indexedBlob(join(dir, '.git', 'index'), path, 40);
const fromGit = (sb: Sandbox, dir: string, path: string): string | null => {
  const r = gitIn(sb, dir, ['rev-parse', '--verify', '-q', `:${path}`], { allowFail: true });
  return r.code === 0 ? r.stdout.trim() : null;
};

for (const version of [2, 3, 4]) {
  test(`index version ${version}: every path's blob is the one git names; absent paths are null`, () => {
    const sb = sandbox();
    try {
      const dir = repoWithFiles(sb);
      if (version === 3) {
        writeFile(dir, 'intent.txt', 'later\n');
        gitIn(sb, dir, ['add', '-N', 'intent.txt']); // intent-to-add: an extended flag, so Git writes version 3
      }
      gitIn(sb, dir, ['update-index', '--index-version', String(version)]);
      assert.ok(gitIn(sb, dir, ['ls-files', '--debug']).code === 0);
      for (const n of [...NAMES, 'many/f000.txt', 'many/f039.txt']) assert.is(indexed(dir, n), fromGit(sb, dir, n), n);
      assert.is(indexed(dir, 'nope.txt'), null);
      assert.is(indexed(dir, 'dir'), null, 'a directory is no entry');
      if (version === 3) assert.is(indexed(dir, 'intent.txt'), fromGit(sb, dir, 'intent.txt'));
    } finally {
      sb.cleanup();
    }
  });
}

test('a SHA-256 repository: 32-byte ids, read as git names them', () => {
  const sb = sandbox();
  try {
    const dir = join(sb.dir, 'sha256');
    gitIn(sb, sb.dir, ['init', '-q', '-b', 'main', '--object-format=sha256', dir]);
    NAMES.forEach((n, i) => writeFile(dir, n, `file ${i}\n`));
    gitIn(sb, dir, ['add', '-A']);
    const tree = gitIn(sb, dir, ['write-tree']).stdout.trim();
    assert.is(tree.length, 64);
    const file = join(dir, '.git', 'index');
    for (const n of NAMES) assert.is(indexedBlob(file, n, 64), fromGit(sb, dir, n), n);
    assert.is(indexedTree(file, 64), tree);
  } finally {
    sb.cleanup();
  }
});

test('a conflicted path has no stage-0 entry: null, as git says', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, 'x.txt', 'base\n');
    gitIn(sb, dir, ['add', '.']);
    gitIn(sb, dir, ['commit', '-q', '-m', 'base']);
    gitIn(sb, dir, ['checkout', '-q', '-b', 'other']);
    writeFile(dir, 'x.txt', 'theirs\n');
    gitIn(sb, dir, ['commit', '-q', '-am', 'theirs']);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    writeFile(dir, 'x.txt', 'ours\n');
    gitIn(sb, dir, ['commit', '-q', '-am', 'ours']);
    assert.is.not(gitIn(sb, dir, ['merge', 'other'], { allowFail: true }).code, 0);
    assert.is(indexed(dir, 'x.txt'), null);
    assert.is(fromGit(sb, dir, 'x.txt'), null);
  } finally {
    sb.cleanup();
  }
});

test('a split index or no index at all: cannot tell (the caller asks git)', () => {
  const sb = sandbox();
  try {
    const dir = repoWithFiles(sb);
    gitIn(sb, dir, ['update-index', '--split-index']);
    writeFile(dir, 'a.txt', 'changed\n');
    gitIn(sb, dir, ['add', 'a.txt']);
    assert.is(indexed(dir, 'a.txt'), undefined);
    assert.is(indexedBlob(join(dir, '.git', 'no-such-index'), 'a.txt', 40), undefined);
  } finally {
    sb.cleanup();
  }
});

test('the cache-tree root, when Git has it up to date, is the tree git write-tree writes; never another', () => {
  const sb = sandbox();
  try {
    const dir = repoWithFiles(sb);
    const file = join(dir, '.git', 'index');
    const writeTree = (): string => gitIn(sb, dir, ['write-tree']).stdout.trim();
    const check = (why: string): void => {
      const t = indexedTree(file, 40);
      assert.ok(t === undefined || t === writeTree(), `${why}: ${t}`);
    };
    check('after git add');
    const written = writeTree();
    assert.is(indexedTree(file, 40), written, 'after git write-tree Git has the root up to date');
    writeFile(dir, 'dir/sub/deep/file.json', '{"changed":true}\n');
    gitIn(sb, dir, ['update-index', 'dir/sub/deep/file.json']);
    assert.is(indexedTree(file, 40), undefined, 'a changed path leaves the root out of date');
    check('after update-index');
    for (const version of [2, 3, 4]) {
      gitIn(sb, dir, ['update-index', '--index-version', String(version)]);
      const tree = writeTree();
      assert.is(indexedTree(file, 40), tree, `version ${version}`);
    }
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'all']);
    gitIn(sb, dir, ['rm', '-q', '--cached', 'a.txt']);
    check('after a removal');
  } finally {
    sb.cleanup();
  }
});

test.run();
