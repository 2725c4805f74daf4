// The intent is the message Git stores (issue 14 item 6), through real `git commit`: Git
// cleans comments and the scissors cut only AFTER commit-msg, in the mode --cleanup,
// commit.cleanup or the editor choose, so the hook must read the message the same way.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox, Sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, commit, mustCommit, repoWithAuth, stageFunction } from './hooks-fixture';

const stored = (sb: Sandbox, dir: string): string => gitIn(sb, dir, ['log', '-1', '--format=%B']).stdout;

/** An editor that prepends `line` to the message file Git opens. */
function editorScript(sb: Sandbox, line: string): string {
  const file = join(sb.dir, `editor-${Math.random().toString(36).slice(2)}.sh`);
  writeFile(sb.dir, file.slice(sb.dir.length + 1), `#!/bin/sh\nprintf '%s\\n' '${line}' | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n`);
  chmodSync(file, 0o755);
  return file;
}

for (const strict of [false, true]) {
  test(`git commit -m "#482 Fix login redirect" is logged with its "#" (${strict ? 'strict' : 'normal'} mode)`, () => {
    const sb = sandbox();
    try {
      const dir = repoWithAuth(sb);
      if (strict) assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
      stageFunction(sb, dir, 'redirect1');
      mustCommit(sb, dir, ['-q', '-m', '#482 Fix login redirect']);
      assert.is(assertLogged(sb, dir).intent, '#482 Fix login redirect');
      assertClean(sb, dir);
    } finally {
      sb.cleanup();
    }
  });
}

test('--cleanup=strip drops "#" lines before the intent is read; a message that is only comments is refused in strict mode only', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    stageFunction(sb, dir, 'redirect1');
    mustCommit(sb, dir, ['-q', '--cleanup=strip', '-m', '#482 internal note\nFix login redirect']);
    assert.is(stored(sb, dir).split('\n')[0], 'Fix login redirect');
    assert.is(assertLogged(sb, dir).intent, 'Fix login redirect');
    stageFunction(sb, dir, 'redirect2');
    const r = commit(sb, dir, ['-q', '--cleanup=strip', '-m', '#1 only a comment\n\nSigned-off-by: A <a@b.ch>']);
    assert.is(r.code, 1);
    assert.match(r.stderr, /empty intent/);
  } finally {
    sb.cleanup();
  }
});

test('normal mode never refuses for how the message was read: a trailers-only message commits, unlogged with the reason', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    stageFunction(sb, dir, 'redirect1');
    const r = mustCommit(sb, dir, ['-q', '-m', 'Reviewed-by: B <b@example.ch>']); // Git keeps it; aura reads a trailer, no intent
    assert.match(r.stderr, /states no intent: NOT logged/);
  } finally {
    sb.cleanup();
  }
});

test('an editor session: the template is stripped (default strip); commit.cleanup=whitespace keeps "#" lines; scissors with -v cuts the diff', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    stageFunction(sb, dir, 'redirect1');
    mustCommit(sb, dir, ['-q'], { GIT_EDITOR: editorScript(sb, 'Fix login redirect after an edit') });
    assert.is(assertLogged(sb, dir).intent, 'Fix login redirect after an edit');
    assert.not.match(stored(sb, dir), /Please enter/);

    gitIn(sb, dir, ['config', 'commit.cleanup', 'scissors']);
    stageFunction(sb, dir, 'redirect2');
    mustCommit(sb, dir, ['-q', '-v'], { GIT_EDITOR: editorScript(sb, '#12 Fix the redirect loop') });
    assert.is(assertLogged(sb, dir).intent, '#12 Fix the redirect loop', 'scissors mode keeps "#12" and cuts the template and the diff');
    assert.not.match(stored(sb, dir), /diff --git/);

    gitIn(sb, dir, ['config', 'commit.cleanup', 'whitespace']);
    stageFunction(sb, dir, 'redirect3');
    mustCommit(sb, dir, ['-q'], { GIT_EDITOR: editorScript(sb, '#13 Fix the redirect again') });
    const intent = assertLogged(sb, dir).intent;
    assert.ok(intent.startsWith('#13 Fix the redirect again\n'), intent);
    assert.match(intent, /# Please enter the commit message/, 'whitespace mode keeps the template lines, as Git stores them');

    stageFunction(sb, dir, 'redirect4'); // --cleanup on the command line wins over commit.cleanup
    mustCommit(sb, dir, ['-q', '--cleanup=strip'], { GIT_EDITOR: editorScript(sb, 'Fix the redirect for good') });
    assert.is(assertLogged(sb, dir).intent, 'Fix the redirect for good');
    assertClean(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('a user whose own editor is ":" (GIT_EDITOR=: git commit): the template is stripped as Git does', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    stageFunction(sb, dir, 'redirect1');
    // Git aborts an empty message after the hook; the hook must not be what refuses it
    const r = commit(sb, dir, ['-q'], { GIT_EDITOR: ':' });
    assert.is(r.code, 1);
    assert.match(r.stderr, /Aborting commit due to empty commit message/);
    assert.not.match(r.stderr, /aura: /);
  } finally {
    sb.cleanup();
  }
});

test.run();
