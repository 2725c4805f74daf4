// A repository with SHA-256 object ids (`git init --object-format=sha256`): the hooks read
// and write loose objects, trees, the index and refs themselves, each with the id length of
// the repository. Commits (plain, partial, amended, in strict mode, with an intent logged
// before) are logged as part of the same commit, bound to 64-hex parents and trees, and
// verify; `git fsck` finds nothing wrong.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, edit, mustCommit } from './hooks-fixture';

test('SHA-256 object ids: plain, partial, amended, strict and pre-logged commits are logged and verify', () => {
  const sb = sandbox();
  try {
    const dir = join(sb.dir, 'repo');
    gitIn(sb, sb.dir, ['init', '-q', '-b', 'main', '--object-format=sha256', dir]);
    writeFile(dir, 'src/a.ts', 'export function a(x: number): number {\n  return x;\n}\n');
    writeFile(dir, 'src/b.ts', 'export function b(x: number): number {\n  return x * 2;\n}\n');
    gitIn(sb, dir, ['add', '.']);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'initial']);
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim().length, 64);
    assert.is(aura(sb, dir, ['init']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Start logging intents with aura']);

    edit(dir, 'src/a.ts', 'return x;', 'return x + 1;');
    gitIn(sb, dir, ['add', 'src/a.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Make a return x plus one']);
    assert.is((assertLogged(sb, dir).commit_parents as string[])[0].length, 64, '64-hex parents');

    // partial: only src/b.ts, src/a.ts stays modified in the worktree
    edit(dir, 'src/a.ts', 'x + 1', 'x + 2');
    edit(dir, 'src/b.ts', 'x * 2', 'x * 3');
    mustCommit(sb, dir, ['-q', '-m', 'Make b triple x', 'src/b.ts']);
    assertLogged(sb, dir);
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, ' M src/a.ts\n');

    gitIn(sb, dir, ['add', 'src/a.ts']);
    mustCommit(sb, dir, ['-q', '--amend', '-m', 'Make b triple x and a add two']);
    assertLogged(sb, dir);
    assertClean(sb, dir);

    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    writeFile(dir, 'src/c.ts', 'export function c(): number {\n  return 3;\n}\n');
    gitIn(sb, dir, ['add', 'src/c.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Add c to src']);
    assertLogged(sb, dir);

    assert.is(aura(sb, dir, ['intent', 'Add d to src']).code, 0);
    writeFile(dir, 'src/d.ts', 'export function d(): number {\n  return 4;\n}\n');
    gitIn(sb, dir, ['add', 'src/d.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Add d to src']);
    assertLogged(sb, dir);
    assertClean(sb, dir);

    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
    const fsck = gitIn(sb, dir, ['fsck', '--strict'], { allowFail: true });
    assert.is(fsck.code, 0, fsck.stdout + fsck.stderr);
  } finally {
    sb.cleanup();
  }
});

test.run();
