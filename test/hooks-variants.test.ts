// Commit variants and concurrency through real git commands with aura's hooks: --no-verify,
// `git commit <path>`, -a, -p, empty commits, binary/unsupported files, awkward file names,
// two worktrees committing at the same time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, edit, mustCommit, repoWithAuth, trailerOf, worktreeLog } from './hooks-fixture';

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
