// History operations through real git commands with aura's hooks: amend, merge (clean and
// conflicted), rebase and cherry-pick (no recursion), --no-verify, `git commit <path>`, -a, -p,
// empty commits, binary/unsupported files, awkward file names, concurrent worktrees.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRangeResult, verifyRange } from '../lib/range/check';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, mustCommit, repoWithAuth, trailerOf, worktreeLog } from './hooks-fixture';

const edit = (dir: string, rel: string, from: string, to: string) => writeFile(dir, rel, readFileSync(join(dir, rel), 'utf8').replace(from, to));

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
    writeFile(dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add b']);
    const topicTip = assertLogged(sb, dir).hash;
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    writeFile(dir, 'src/c.ts', 'export function c() {\n  return 2;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add c']);
    const mainTip = assertLogged(sb, dir).hash;
    const m = gitIn(sb, dir, ['merge', '--no-edit', 'topic'], { allowFail: true });
    assert.is(m.code, 0, m.stderr);
    const e = assertLogged(sb, dir);
    assert.equal([...e.parents].sort(), [topicTip, mainTip].sort(), 'the merge entry joins both tips');
    assert.is((e.commit_parents as string[]).length, 2);
    assert.not.match(readFileSync(join(dir, '.aura/log.jsonl'), 'utf8'), /^(<<<<<<<|>>>>>>>|=======)/m);
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
    edit(dir, 'src/auth.ts', readFileSync(join(dir, 'src/auth.ts'), 'utf8'), readFileSync(join(dir, 'src/auth.ts'), 'utf8').replace(/<<<<<<<[^]*?>>>>>>> topic2\n/, "    throw new Error('merged error');\n"));
    writeFile(dir, 'src/auth.ts', readFileSync(join(dir, 'src/auth.ts'), 'utf8'));
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

test('rebase and cherry-pick: no recursion, git finishes, the picked commits are reported as not logged; rebase -x amend re-logs', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    writeFile(dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add b']);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    writeFile(dir, 'src/c.ts', 'export function c() {\n  return 2;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add c']);
    const cp = gitIn(sb, dir, ['cherry-pick', 'topic'], { allowFail: true });
    assert.is(cp.code, 0, cp.stderr + cp.stdout);
    assert.match(cp.stderr, /made by cherry-pick\/rebase\/revert: not logged/);
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '3', 'no extra commits');
    gitIn(sb, dir, ['reset', '-q', '--hard', 'HEAD~1']);
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const rb = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(rb.code, 0, rb.stderr);
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '3');
    // the log merged from both sides during the rebase: intact, but with two tips (a fork
    // warning) until the next logged commit joins them
    const fork = aura(sb, dir, ['audit', 'verify']);
    assert.match(fork.stdout + fork.stderr, /fork|tips/i);
    assertClean(sb, dir);
    // re-logging a rebased commit: amend it (docs/hooks.md)
    const before = trailerOf(sb, dir)!;
    mustCommit(sb, dir, ['-q', '--amend', '--no-edit']);
    const e = assertLogged(sb, dir);
    assert.is(e.supersedes, before.hash);
    assert.is(e.parents.length, 2, 'the re-logged commit joins both tips');
    const ok = aura(sb, dir, ['audit', 'verify']);
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
    // a whole rebase re-logged as docs/hooks.md says: every rebased commit verifies
    writeFile(dir, 'src/e.ts', 'export function e() {\n  return 5;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add e']);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    writeFile(dir, 'src/f.ts', 'export function f() {\n  return 6;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Add f']);
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const plain = await verifyRange('main..topic', { cwd: dir, logPath: join(dir, '.aura/log.jsonl') });
    assert.equal(plain.findings, [], 'before the rebase');
    const rx = gitIn(sb, dir, ['rebase', '-x', 'git commit --amend --no-edit --allow-empty', 'main'], { allowFail: true });
    assert.is(rx.code, 0, rx.stderr);
    const after = await verifyRange('main..topic', { cwd: dir, logPath: join(dir, '.aura/log.jsonl') });
    assert.is(after.commits, 2);
    assert.equal(after.findings, [], formatRangeResult(after));
    assertClean(sb, dir);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('--no-verify commits get no entry (and say so); git commit <path>, -a and -p log exactly what they commit', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const entries = worktreeLog(dir).length;
    writeFile(dir, 'notes.txt', 'n\n');
    gitIn(sb, dir, ['add', 'notes.txt']);
    const nv = mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'notes']);
    assert.match(nv.stderr, /without aura's commit-msg hook .*NOT logged/);
    assert.is(trailerOf(sb, dir), null);
    assert.is(worktreeLog(dir).length, entries);

    // git commit <path> with something else staged: only the path is committed and logged
    writeFile(dir, 'src/b.ts', 'export function b() {\n  return 1;\n}\n');
    writeFile(dir, 'src/c.ts', 'export function c() {\n  return 2;\n}\n');
    gitIn(sb, dir, ['add', 'src/b.ts', 'src/c.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Add b', '--', 'src/b.ts']);
    const e = assertLogged(sb, dir);
    assert.equal((e.ast_delta as any).nodes.map((n: any) => n.path).filter((p: string) => p.includes(':')), ['src/b.ts:b']);
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, 'A  src/c.ts\n', 'the log is not left modified');
    mustCommit(sb, dir, ['-q', '-m', 'Add c']);
    assertLogged(sb, dir);

    // -a
    edit(dir, 'src/b.ts', 'return 1;', 'return 10;');
    mustCommit(sb, dir, ['-q', '-a', '-m', 'b returns 10']);
    assert.ok((assertLogged(sb, dir).ast_delta as any).nodes.some((n: any) => n.path === 'src/b.ts:b' && n.change === 'modified'));
    assertClean(sb, dir);

    // -p: take the first hunk only
    edit(dir, 'src/b.ts', 'return 10;', 'return 11;');
    edit(dir, 'src/c.ts', 'return 2;', 'return 22;');
    mustCommit(sb, dir, ['-q', '-p', '-m', 'b returns 11'], {}, 'y\nn\n');
    const pe = assertLogged(sb, dir);
    assert.equal((pe.ast_delta as any).nodes.map((n: any) => n.path).filter((p: string) => p.includes(':')), ['src/b.ts:b']);
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, ' M src/c.ts\n');
  } finally {
    sb.cleanup();
  }
});

test('empty commits, binary-only and unsupported-only commits, file names with spaces, newlines and non-ASCII', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    mustCommit(sb, dir, ['-q', '--allow-empty', '-m', 'Empty: trigger a deploy']);
    const empty = assertLogged(sb, dir);
    assert.equal((empty.ast_delta as any).nodes, []);
    writeFile(dir, 'img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 255]));
    gitIn(sb, dir, ['add', 'img']);
    mustCommit(sb, dir, ['-q', '-m', 'Add the logo']);
    assertLogged(sb, dir);
    writeFile(dir, 'docs/guide.md', '# Guide\n');
    gitIn(sb, dir, ['add', 'docs']);
    mustCommit(sb, dir, ['-q', '-m', 'docs: fix typo in the guide']);
    assert.is(assertLogged(sb, dir).intent, 'docs: fix typo in the guide');
    const names = ['src/with space.ts', 'src/new\nline.ts', 'src/ünïcødé ✓.py'];
    writeFile(dir, names[0], 'export function spaced() {\n  return 1;\n}\n');
    writeFile(dir, names[1], 'export function newline() {\n  return 2;\n}\n');
    writeFile(dir, names[2], 'def unicode():\n    return 3\n');
    gitIn(sb, dir, ['add', '--', ...names]);
    mustCommit(sb, dir, ['-q', '-m', 'Add spaced, newline and unicode helpers']);
    const e = assertLogged(sb, dir);
    const paths = (e.ast_delta as any).nodes.map((n: any) => n.path);
    for (const p of ['src/with space.ts:spaced', 'src/new\nline.ts:newline', 'src/ünïcødé ✓.py:unicode']) assert.ok(paths.includes(p), p);
    assertClean(sb, dir);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

function gitAsync(env: NodeJS.ProcessEnv, cwd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('git', args, { cwd, env });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

test('two worktrees committing at the same time: both logged, both logs valid, and they merge', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const wt = join(sb.dir, 'wt');
    gitIn(sb, dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
    for (let round = 0; round < 3; round++) {
      writeFile(dir, `src/m${round}.ts`, `export function m${round}() {\n  return ${round};\n}\n`);
      writeFile(wt, `src/s${round}.ts`, `export function s${round}() {\n  return ${round};\n}\n`);
      gitIn(sb, dir, ['add', 'src']);
      gitIn(sb, wt, ['add', 'src']);
      const [a, b] = await Promise.all([
        gitAsync(sb.env, dir, ['commit', '-q', '-m', `Add m${round}`]),
        gitAsync(sb.env, wt, ['commit', '-q', '-m', `Add s${round}`]),
      ]);
      assert.is(a.code, 0, a.stderr);
      assert.is(b.code, 0, b.stderr);
      assertLogged(sb, dir);
      assertLogged(sb, wt);
    }
    assertClean(sb, dir);
    assertClean(sb, wt);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
    assert.is(aura(sb, wt, ['audit', 'verify']).code, 0);
    const m = gitIn(sb, dir, ['merge', '--no-edit', 'side'], { allowFail: true });
    assert.is(m.code, 0, m.stderr);
    assert.is(assertLogged(sb, dir).parents.length, 2);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
