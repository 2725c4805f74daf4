// `aura init` / `aura uninstall` on real repositories: hooks where Git runs them in every
// worktree, existing hooks chained (never clobbered), husky-managed repos (real husky),
// idempotence, exact removal, two-line stubs handing over to the package's dispatcher (the
// project's own node_modules copy first), and stubs that explain a moved aura instead of failing blindly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installHooks } from '../install';
import { HOOKS } from '../lib/hooks/table';
import { aura, gitIn, newRepo, PROJECT, sandbox, writeFile } from './helpers/env';
import { auraRepo } from './hooks-fixture';

const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile()).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

test('init sets up a non-Node repository: hooks, .aura/, a key, the genesis entry; a second init changes nothing', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const first = aura(sb, dir, ['init']);
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, /created your human key "alice@example.ch"/);
    assert.match(first.stdout, /genesis/);
    for (const h of HOOKS) {
      const f = join(dir, '.git', 'hooks', h);
      assert.ok(statSync(f).mode & 0o100, `${h} is executable`);
      const text = readFileSync(f, 'utf8');
      assert.ok(text.includes(`aura_pkg='${PROJECT}';`), text);
      // the dispatcher is read into the stub's shell (no second shell), with the hook and the node
      assert.ok(text.includes(`set -- ${h} '${process.execPath}' "$@"; . "$aura_pkg/hooks/dispatch.sh"`), text);
      // the stub is two lines between the markers: everything else lives in the package
      assert.is(text.split('# >>> aura hooks >>>')[1].split('# <<< aura hooks <<<')[0].trim().split('\n').length, 3);
    }
    assert.match(readFileSync(join(dir, '.aura', '.gitattributes'), 'utf8'), /^intent_log\.jsonl merge=union$/m);
    const log = readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8').trim().split('\n');
    assert.is(log.length, 1);
    assert.is(JSON.parse(log[0]).capability, 'genesis');
    // staged, so the next commit carries .aura; local caches are ignored
    assert.equal(gitIn(sb, dir, ['status', '--porcelain']).stdout.split('\n').filter(Boolean).sort(),
      ['A  .aura/.gitattributes', 'A  .aura/.gitignore', 'A  .aura/config.toml', 'A  .aura/intent_log.jsonl']);
    const hooksBefore = snapshot(join(dir, '.git', 'hooks'));
    const logBefore = readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8');
    const again = aura(sb, dir, ['init']);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing changed/);
    assert.equal(snapshot(join(dir, '.git', 'hooks')), hooksBefore);
    assert.is(readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8'), logBefore);
    const st = aura(sb, dir, ['status']);
    assert.match(st.stdout, /hooks: +installed/);
    assert.match(st.stdout, /key: +alice@example.ch \(human\) — admin/);
    assert.match(st.stdout, /strict: +off/);
  } finally {
    sb.cleanup();
  }
});

test('an existing hook is chained (runs first, its failure still refuses) and restored byte for byte by uninstall', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const mine = '#!/bin/sh\necho "user hook ran with $1" >> "$(git rev-parse --git-dir)/user-hook.out"\nexit ${USER_HOOK_EXIT:-0}\n';
    writeFile(dir, '.git/hooks/post-merge', mine);
    chmodSync(join(dir, '.git/hooks/post-merge'), 0o755);
    writeFile(dir, '.git/hooks/pre-push', '#!/bin/sh\nexit 0\n'); // a hook aura does not use: untouched
    const r = aura(sb, dir, ['init']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /chained post-merge hook/);
    assert.is(readFileSync(join(dir, '.git/hooks/post-merge.pre-aura'), 'utf8'), mine);
    // run the installed hook as Git would (post-merge with the squash flag: aura has nothing to do)
    const run = gitIn(sb, dir, ['hook', 'run', 'post-merge', '--', '1'], { allowFail: true });
    assert.is(run.code, 0, run.stderr);
    assert.match(readFileSync(join(dir, '.git/user-hook.out'), 'utf8'), /user hook ran with 1/);
    const failing = gitIn(sb, dir, ['hook', 'run', 'post-merge', '--', '1'], { allowFail: true, env: { USER_HOOK_EXIT: '3' } });
    assert.is(failing.code, 3);
    const un = aura(sb, dir, ['uninstall']);
    assert.is(un.code, 0, un.stderr);
    assert.match(un.stdout, /restored your previous post-merge hook/);
    assert.is(readFileSync(join(dir, '.git/hooks/post-merge'), 'utf8'), mine);
    assert.ok(statSync(join(dir, '.git/hooks/post-merge')).mode & 0o100);
    assert.not.ok(existsSync(join(dir, '.git/hooks/post-merge.pre-aura')));
    for (const h of HOOKS.filter((x) => x !== 'post-merge')) assert.not.ok(existsSync(join(dir, '.git/hooks', h)), h);
    assert.is(readFileSync(join(dir, '.git/hooks/pre-push'), 'utf8'), '#!/bin/sh\nexit 0\n');
    assert.ok(existsSync(join(dir, '.aura/intent_log.jsonl')), 'uninstall keeps the log');
    assert.match(aura(sb, dir, ['uninstall']).stdout, /no aura hooks were installed/);
  } finally {
    sb.cleanup();
  }
});

test('husky (real husky 9): lines go into .husky/<hook>, run through husky, and uninstall removes exactly them', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, 'package.json', '{"name":"x","private":true}\n');
    const hk = gitIn(sb, dir, ['status'], {}); // warm
    void hk;
    const husky = require('node:child_process').spawnSync(process.execPath, [join(PROJECT, 'node_modules/husky/bin.js')], { cwd: dir, env: sb.env });
    assert.is(husky.status, 0, String(husky.stderr));
    assert.is(gitIn(sb, dir, ['config', 'core.hooksPath']).stdout.trim(), '.husky/_');
    const userPreCommit = 'echo "lint ran" >> "$(git rev-parse --git-dir)/lint.out"\n';
    writeFile(dir, '.husky/pre-commit', userPreCommit);
    const huskyInternals = snapshot(join(dir, '.husky/_'));
    const r = aura(sb, dir, ['init']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /chained pre-commit hook \(.*\.husky\/pre-commit\)/);
    assert.ok(readFileSync(join(dir, '.husky/pre-commit'), 'utf8').startsWith(userPreCommit));
    assert.equal(snapshot(join(dir, '.husky/_')), huskyInternals, 'husky\'s own scripts are not touched');
    assert.not.ok(existsSync(join(dir, '.git/hooks/pre-commit')));
    // idempotent under husky too
    const before = snapshot(join(dir, '.husky'));
    assert.match(aura(sb, dir, ['init']).stdout, /nothing changed/);
    assert.equal(snapshot(join(dir, '.husky')), before);
    // Git → husky → our block: a recorded node that is gone falls back to the node on PATH
    // (an upgraded node), and the commit is logged through the dispatcher.
    installHooks(dir, { node: join(sb.dir, 'gone', 'node'), pkg: PROJECT, name: 'aura-hooks' });
    writeFile(dir, 'a.txt', 'a\n');
    gitIn(sb, dir, ['add', 'a.txt']);
    const c = gitIn(sb, dir, ['commit', '-q', '-m', 'Add a'], { allowFail: true });
    assert.is(c.code, 0, c.stderr);
    assert.match(c.stderr, /aura: logged in_/);
    assert.match(readFileSync(join(dir, '.git/lint.out'), 'utf8'), /lint ran/, 'the user line before ours still runs');
    const un = aura(sb, dir, ['uninstall']);
    assert.is(un.code, 0, un.stderr);
    assert.is(readFileSync(join(dir, '.husky/pre-commit'), 'utf8'), userPreCommit);
    for (const h of HOOKS.filter((x) => x !== 'pre-commit')) assert.not.ok(existsSync(join(dir, '.husky', h)), h);
  } finally {
    sb.cleanup();
  }
});

test('hooks are shared by every worktree; a moved aura is reported with the fix', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'base']);
    gitIn(sb, dir, ['worktree', 'add', '-q', '-b', 'side', join(sb.dir, 'wt')]);
    const st = aura(sb, join(sb.dir, 'wt'), ['status']);
    assert.match(st.stdout, /hooks: +installed — .*\/repo\/\.git\/hooks/);
    installHooks(dir, { node: process.execPath, pkg: join(sb.dir, 'moved'), name: 'aura-hooks' });
    const st2 = aura(sb, dir, ['status']);
    assert.is(st2.code, 1);
    assert.match(st2.stdout, /commit-msg: aura moved/);
    writeFile(join(sb.dir, 'wt'), 'b.txt', 'b\n');
    gitIn(sb, join(sb.dir, 'wt'), ['add', 'b.txt']);
    const c = gitIn(sb, join(sb.dir, 'wt'), ['commit', '-q', '-m', 'add b'], { allowFail: true });
    assert.is.not(c.code, 0);
    assert.match(c.stderr, /aura: .*\/moved is gone \(aura was moved or removed\)\. Fix: run 'aura init' again/);
  } finally {
    sb.cleanup();
  }
});

test('the project\'s own copy (node_modules/aura-hooks) is preferred to the recorded one, and survives the recorded one moving', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    installHooks(dir, { node: process.execPath, pkg: join(sb.dir, 'recorded-copy-gone'), name: 'aura-hooks' });
    writeFile(dir, '.gitignore', 'node_modules/\n');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(PROJECT, join(dir, 'node_modules', 'aura-hooks'), 'dir');
    writeFile(dir, 'b.txt', 'b\n');
    gitIn(sb, dir, ['add', '.gitignore', 'b.txt']);
    const c = gitIn(sb, dir, ['commit', '-q', '-m', 'Add b'], { allowFail: true });
    assert.is(c.code, 0, c.stderr);
    assert.match(c.stderr, /aura: logged in_/);
    assert.match(aura(sb, dir, ['status']).stdout, /hooks: +installed/);
  } finally {
    sb.cleanup();
  }
});

test('the dispatcher names the fix when neither the recorded node nor one on PATH exists', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    const r = spawnSync('/bin/sh', [join(PROJECT, 'hooks/dispatch.sh'), 'post-commit', join(sb.dir, 'gone', 'node')], {
      cwd: dir, env: { ...sb.env, PATH: join(sb.dir, 'empty') }, encoding: 'utf8',
    });
    assert.is(r.status, 1);
    assert.match(r.stderr, /aura: node is no longer at .*gone\/node \(recorded by aura init\) and none is on PATH\. Fix: run 'aura init' again/);
  } finally {
    sb.cleanup();
  }
});

test('a hook file that is neither ours nor movable is reported, not overwritten', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, '.git/hooks/commit-msg', '#!/bin/sh\nexit 0\n');
    writeFile(dir, '.git/hooks/commit-msg.pre-aura', '#!/bin/sh\nexit 0\n');
    const r = aura(sb, dir, ['init']);
    assert.is(r.code, 2);
    assert.match(r.stderr, /both .*commit-msg and .*commit-msg\.pre-aura exist/);
    assert.is(readFileSync(join(dir, '.git/hooks/commit-msg'), 'utf8'), '#!/bin/sh\nexit 0\n');
  } finally {
    sb.cleanup();
  }
});

test('another version\'s stub is replaced, not chained; a stub kept as <hook>.pre-aura does not run itself', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    assert.is(aura(sb, dir, ['init']).code, 0);
    const file = join(dir, '.git/hooks/post-merge');
    const ours = readFileSync(file, 'utf8');
    // A stub as an earlier version wrote it: another chained= line (dirname), the same block.
    const other = ours.replace(/^chained=.*$/m, 'chained="$(dirname "$0")/post-merge.pre-aura"');
    writeFileSync(file, other, { mode: 0o755 });
    const r = aura(sb, dir, ['init']);
    assert.is(r.code, 0, r.stderr);
    assert.not.ok(existsSync(file + '.pre-aura'), 'not chained: aura would run twice');
    assert.is(readFileSync(file, 'utf8'), ours);
    // An older aura that did not know a stub kept it as post-merge.pre-aura: run as that file,
    // the stub must not call itself (it would never end).
    writeFileSync(file + '.pre-aura', ours, { mode: 0o755 });
    const run = spawnSync('/bin/sh', [file + '.pre-aura'], { cwd: dir, env: { ...sb.env, AURA_HOOK_RUNNING: '1' }, timeout: 20_000 });
    assert.is(run.error, undefined, 'finished');
    assert.is(run.status, 0, String(run.stderr));
  } finally {
    sb.cleanup();
  }
});

test.run();
