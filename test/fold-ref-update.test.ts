// The fold's move of HEAD (lib/hooks/own-ref-update.ts): with only aura's reference-transaction
// hook, the branch's files are written in Node (lib/git/ref-files.ts) exactly as `git update-ref`
// writes them; a hook of the user's still sees the move through git; a detached HEAD and a
// linked worktree are moved too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveHeadByFiles } from '../lib/git/ref-files';
import { aura, gitIn, newRepo, Sandbox, sandbox, writeFile } from './helpers/env';
import { loggedRepo, mustCommit } from './hooks-fixture';

let n = 0;
function commitIn(sb: Sandbox, dir: string, env: NodeJS.ProcessEnv = {}): string {
  n++;
  writeFile(dir, `src/f${n}.ts`, `export function f${n}(): number {\n  return ${n};\n}\n`);
  gitIn(sb, dir, ['add', '.']);
  const r = mustCommit(sb, dir, ['-m', `Add f${n} to src`], env);
  assert.match(r.stderr, /aura: logged in_\w+/);
  return r.stderr;
}

/** The command lines of the git processes a GIT_TRACE2_EVENT file recorded. */
const gitsRun = (trace: string): string[][] =>
  readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'start').map((e) => e.argv as string[]);
const lastLine = (file: string): string => readFileSync(file, 'utf8').trimEnd().split('\n').pop()!;
const locks = (gitDir: string): string[] => [...readdirSync(gitDir), ...readdirSync(join(gitDir, 'refs', 'heads'))].filter((f) => f.endsWith('.lock'));

test('with only aura\'s hooks the fold writes the branch and both reflogs as `git update-ref` does', () => {
  const sb = sandbox();
  try {
    const dir = loggedRepo(sb);
    const date = '1767225600 +0100'; // a fixed committer date: git puts it in the reflog too
    commitIn(sb, dir, { GIT_COMMITTER_DATE: `@${date}` });
    const git = (args: string[]): string => gitIn(sb, dir, args).stdout.trim();
    const head = git(['rev-parse', 'HEAD']);
    const folded = git(['rev-parse', 'HEAD@{1}']); // the commit Git made, which the fold replaced
    const line = lastLine(join(dir, '.git', 'logs', 'HEAD'));
    assert.ok(line.startsWith(`${folded} ${head} Alice Example <alice@example.ch> ${date}\taura: log intent in_`), line);
    assert.is(lastLine(join(dir, '.git', 'logs', 'refs', 'heads', 'main')), line, 'the branch\'s reflog has the same line');
    assert.is(readFileSync(join(dir, '.git', 'refs', 'heads', 'main'), 'utf8'), `${head}\n`);
    // git's own line for a move with the same identity and date, for comparison
    gitIn(sb, dir, ['update-ref', '-m', 'probe', 'refs/heads/probe', head], { env: { GIT_COMMITTER_DATE: `@${date}` } });
    assert.is(lastLine(join(dir, '.git', 'logs', 'refs', 'heads', 'probe')), `${'0'.repeat(40)} ${head} Alice Example <alice@example.ch> ${date}\tprobe`);
    // without a fixed date: the time of the move, in the committer's zone
    const before = Math.floor(Date.now() / 1000);
    const trace = join(sb.dir, 'trace.json');
    commitIn(sb, dir, { GIT_TRACE2_EVENT: trace });
    assert.not.ok(gitsRun(trace).some((argv) => argv.includes('update-ref')), 'no git process moved it');
    const [, stamp] = /> (\d+) \+0000\taura: log intent/.exec(lastLine(join(dir, '.git', 'logs', 'HEAD')))!;
    assert.ok(Number(stamp) >= before && Number(stamp) <= Math.floor(Date.now() / 1000) + 1);
    assert.match(git(['reflog', '-1', '--format=%gs']), /^aura: log intent in_\w+$/);
    assert.equal(locks(join(dir, '.git')), [], 'no lock left');
    assert.is(gitIn(sb, dir, ['fsck', '--no-dangling']).code, 0);
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, '');
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('a reference-transaction hook of the user\'s sees the fold\'s move (git moves HEAD, with hooks)', () => {
  const sb = sandbox();
  try {
    const seen = join(sb.dir, 'seen');
    const dir = loggedRepo(sb, (d) => {
      const hook = join(d, '.git', 'hooks', 'reference-transaction');
      writeFileSync(hook, `#!/bin/sh\n{ echo "$1"; cat; } >> '${seen}'\n`);
      chmodSync(hook, 0o755);
    });
    assert.ok(existsSync(join(dir, '.git', 'hooks', 'reference-transaction.pre-aura')), 'aura init chained it');
    writeFileSync(seen, '');
    const trace = join(sb.dir, 'trace.json');
    commitIn(sb, dir, { GIT_TRACE2_EVENT: trace });
    assert.ok(gitsRun(trace).some((argv) => argv.includes('update-ref')), 'git moved it');
    const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    const folded = gitIn(sb, dir, ['rev-parse', 'HEAD@{1}']).stdout.trim();
    assert.ok(readFileSync(seen, 'utf8').includes(`committed\n${folded} ${head} HEAD\n`), readFileSync(seen, 'utf8'));
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('a detached HEAD and a linked worktree: each HEAD moves, in its own reflog, and nothing else does', () => {
  const sb = sandbox();
  try {
    const dir = loggedRepo(sb);
    const main = gitIn(sb, dir, ['rev-parse', 'main']).stdout.trim();
    gitIn(sb, dir, ['checkout', '-q', '--detach']);
    commitIn(sb, dir);
    assert.is(readFileSync(join(dir, '.git', 'HEAD'), 'utf8').trim(), gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim());
    assert.match(lastLine(join(dir, '.git', 'logs', 'HEAD')), /\taura: log intent in_\w+$/);
    assert.is(gitIn(sb, dir, ['rev-parse', 'main']).stdout.trim(), main, 'the branch left behind did not move');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    const wt = join(sb.dir, 'wt');
    gitIn(sb, dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
    commitIn(sb, wt);
    const side = gitIn(sb, wt, ['rev-parse', 'HEAD']).stdout.trim();
    assert.is(gitIn(sb, dir, ['rev-parse', 'side']).stdout.trim(), side);
    assert.match(lastLine(join(dir, '.git', 'worktrees', 'wt', 'logs', 'HEAD')), new RegExp(` ${side} .*\taura: log intent in_\\w+$`));
    assert.match(lastLine(join(dir, '.git', 'logs', 'refs', 'heads', 'side')), new RegExp(` ${side} .*\taura: log intent in_\\w+$`));
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim(), main, 'the main worktree\'s HEAD did not move');
    assert.equal(locks(join(dir, '.git')), []);
    for (const d of [dir, wt]) assert.is(aura(sb, d, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('outside the plain case the files are left alone and git is asked: another id at the branch, a held lock, a detached HEAD, no reflog', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, 'a.txt', 'a\n');
    gitIn(sb, dir, ['add', '.']);
    gitIn(sb, dir, ['commit', '-q', '-m', 'one']);
    writeFile(dir, 'a.txt', 'b\n');
    gitIn(sb, dir, ['commit', '-q', '-am', 'two']);
    const git = (args: string[]): string => gitIn(sb, dir, args).stdout.trim();
    const [two, one] = [git(['rev-parse', 'HEAD']), git(['rev-parse', 'HEAD~1'])];
    const gitDir = join(dir, '.git');
    const who = { name: 'Alice Example', email: 'alice@example.ch', date: '1767225600 +0000' };
    const state = (): string => [git(['rev-parse', 'main']), readFileSync(join(gitDir, 'logs', 'HEAD'), 'utf8'), readFileSync(join(gitDir, 'logs', 'refs', 'heads', 'main'), 'utf8'), locks(gitDir).join()].join('|');
    const before = state();
    assert.not.ok(moveHeadByFiles(gitDir, gitDir, one, one, 'm', who), 'the branch is not at the old id');
    for (const held of ['HEAD.lock', 'refs/heads/main.lock']) {
      writeFileSync(join(gitDir, held), '');
      assert.not.ok(moveHeadByFiles(gitDir, gitDir, one, two, 'm', who), `${held} is held`);
      assert.ok(existsSync(join(gitDir, held)), 'someone else\'s lock stays');
      unlinkSync(join(gitDir, held));
    }
    renameSync(join(gitDir, 'logs', 'HEAD'), join(sb.dir, 'HEAD.log'));
    assert.not.ok(moveHeadByFiles(gitDir, gitDir, one, two, 'm', who), 'no reflog of HEAD yet: git decides whether to start one');
    renameSync(join(sb.dir, 'HEAD.log'), join(gitDir, 'logs', 'HEAD'));
    assert.is(state(), before, 'nothing changed');
    gitIn(sb, dir, ['checkout', '-q', '--detach']);
    assert.not.ok(moveHeadByFiles(gitDir, gitDir, one, two, 'm', who), 'a detached HEAD');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    assert.ok(moveHeadByFiles(gitDir, gitDir, one, two, 'back to one', who), 'the plain case');
    assert.is(git(['rev-parse', 'main']), one);
    assert.is(lastLine(join(gitDir, 'logs', 'refs', 'heads', 'main')), `${two} ${one} Alice Example <alice@example.ch> 1767225600 +0000\tback to one`);
    assert.equal(locks(gitDir), []);
  } finally {
    sb.cleanup();
  }
});

test.run();
