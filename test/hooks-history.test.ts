// History operations through real git commands with aura's hooks: amend, merge (clean and
// conflicted). Rebase, cherry-pick and revert: hooks-rebase.test.ts, hooks-rewrite.test.ts.
// Commit variants and concurrent worktrees: hooks-variants.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox } from './helpers/env';
import { assertClean, assertLogged, commitFile, edit, mustCommit, repoWithAuth } from './hooks-fixture';

test('amend: a new entry supersedes the amended commit\'s entry; one trailer; clean', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const old = assertLogged(sb, dir);
    edit(dir, 'src/auth.ts', "'bad token'", "'token rejected'");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '--amend', '-m', 'Add login with token validation and a clearer error']);
    const e = assertLogged(sb, dir);
    assert.is(e.supersedes, old.hash);
    assert.is(gitIn(sb, dir, ['log', '-1', '--format=%B']).stdout.match(/Aura-Intent:/g)!.length, 1);
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '1');
    mustCommit(sb, dir, ['-q', '--amend', '--no-edit']);
    const again = assertLogged(sb, dir);
    assert.is(again.supersedes, e.hash);
    assert.is(again.intent, 'Add login with token validation and a clearer error', 'the copied trailer is not part of the intent');
    assertClean(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('merge: clean (git merge) and conflicted (git commit): the log merges without conflict, one parent per joined tip', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    commitFile(sb, dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n', 'Add b');
    const topicTip = assertLogged(sb, dir).hash;
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    commitFile(sb, dir, 'src/c.ts', 'export function c() {\n  return 2;\n}\n', 'Add c');
    const mainTip = assertLogged(sb, dir).hash;
    const m = gitIn(sb, dir, ['merge', '--no-edit', 'topic'], { allowFail: true });
    assert.is(m.code, 0, m.stderr);
    const e = assertLogged(sb, dir);
    assert.equal([...e.parents].sort(), [topicTip, mainTip].sort(), 'the merge entry joins both tips');
    assert.is((e.commit_parents as string[]).length, 2);
    assert.not.match(readFileSync(join(dir, '.aura/intent_log.jsonl'), 'utf8'), /^(<<<<<<<|>>>>>>>|=======)/m);
    assertClean(sb, dir);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);

    // conflicted: both sides change login
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic2']);
    edit(dir, 'src/auth.ts', "'bad token'", "'topic error'");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Topic: reword the login error']);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    edit(dir, 'src/auth.ts', "'bad token'", "'main error'");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Main: reword the login error']);
    const c = gitIn(sb, dir, ['merge', 'topic2'], { allowFail: true });
    assert.is.not(c.code, 0);
    const unmerged = gitIn(sb, dir, ['diff', '--name-only', '--diff-filter=U']).stdout.trim();
    assert.is(unmerged, 'src/auth.ts', 'only the source file conflicts, never the log');
    edit(dir, 'src/auth.ts', /<<<<<<<[^]*?>>>>>>> topic2\n/, "    throw new Error('merged error');\n");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '--no-edit']);
    const ce = assertLogged(sb, dir);
    assert.is((ce.commit_parents as string[]).length, 2);
    assert.is(ce.parents.length, 2);
    assertClean(sb, dir);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
