// .pre-commit-hooks.yaml run by the pre-commit framework itself (Debian's `pre-commit`, which
// .ci/run installs): a hooks repository holding this checkout's manifest and entry script, a
// project whose .pre-commit-config.yaml lists aura's four hook ids with aura-hooks as its dev
// dependency (node_modules/aura-hooks → this checkout, whose build `npm test` just made),
// `aura init --no-hooks` and `pre-commit install`. Commits are then logged through pre-commit:
// the message as the intent (commit-msg + post-commit), a pending intent (pre-commit), a merge.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, newRepo, PROJECT, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, mustCommit, worktreeLog } from './hooks-fixture';

test('the pre-commit framework runs aura from .pre-commit-hooks.yaml: message intent, pending intent, merge', () => {
  const probe = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  assert.is(probe.status, 0, 'the pre-commit framework is installed (.ci/run: apt-get install pre-commit)');
  const sb = sandbox();
  try {
    // the hooks repository pre-commit clones: this checkout's manifest and entry script
    const hooksRepo = newRepo(sb, 'aura-hooks-src');
    mkdirSync(join(hooksRepo, 'hooks'));
    copyFileSync(join(PROJECT, '.pre-commit-hooks.yaml'), join(hooksRepo, '.pre-commit-hooks.yaml'));
    copyFileSync(join(PROJECT, 'hooks/pre-commit-framework.sh'), join(hooksRepo, 'hooks/pre-commit-framework.sh'));
    gitIn(sb, hooksRepo, ['add', '--chmod=+x', '.']);
    gitIn(sb, hooksRepo, ['commit', '-q', '--no-verify', '-m', 'hooks']);
    const rev = gitIn(sb, hooksRepo, ['rev-parse', 'HEAD']).stdout.trim();

    const dir = newRepo(sb, 'project');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(PROJECT, join(dir, 'node_modules', 'aura-hooks'), 'dir');
    writeFile(dir, '.gitignore', 'node_modules/\n');
    writeFile(dir, '.pre-commit-config.yaml', [
      'default_install_hook_types: [pre-commit, pre-merge-commit, commit-msg, post-commit, post-merge]',
      'repos:',
      `  - repo: ${hooksRepo}`,
      `    rev: ${rev}`,
      '    hooks:',
      '      - id: aura-pre-commit',
      '      - id: aura-commit-msg',
      '      - id: aura-post-commit',
      '      - id: aura-post-merge',
      '',
    ].join('\n'));
    const init = aura(sb, dir, ['init', '--no-hooks']);
    assert.is(init.code, 0, init.stderr);
    assert.not.match(init.stdout, /hook/, 'no hooks of aura\'s own');
    const env = { ...sb.env, PRE_COMMIT_HOME: join(sb.dir, 'pre-commit-home') };
    // aura status before pre-commit's hooks are installed: aura's ids are listed, nothing runs them
    const before = aura(sb, dir, ['status']);
    assert.is(before.code, 1, before.stdout);
    assert.match(before.stdout, /hooks: +via the pre-commit framework \(\.pre-commit-config\.yaml: none running\)/);
    assert.match(before.stdout, /pre-commit's post-commit hook is not installed \(run: pre-commit install -t post-commit\)/);
    const inst = spawnSync('pre-commit', ['install'], { cwd: dir, env, encoding: 'utf8' });
    assert.is(inst.status, 0, inst.stdout + inst.stderr);
    assert.match(readFileSync(join(dir, '.git/hooks/post-commit'), 'utf8'), /pre-commit/);
    // … and after: pre-commit's hooks run all four ids (not "NOT installed")
    const status = aura(sb, dir, ['status']);
    assert.match(status.stdout, /hooks: +via the pre-commit framework \(\.pre-commit-config\.yaml: aura-pre-commit, aura-commit-msg, aura-post-commit, aura-post-merge\)/);
    assert.not.match(status.stdout, /NOT installed|not installed|not listed/);

    // (b) the message is the intent
    writeFile(dir, 'src/auth.ts', 'export function login(user: string): string {\n  return user.trim();\n}\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '-m', 'Add login, trimming the user name'], env);
    assert.is(assertLogged(sb, dir).intent, 'Add login, trimming the user name');
    assertClean(sb, dir);

    // (a) a pending intent: pre-commit puts the entry into the commit Git writes
    assert.is(aura(sb, dir, ['intent', 'Lower-case the user name at login']).code, 0);
    writeFile(dir, 'src/auth.ts', 'export function login(user: string): string {\n  return user.trim().toLowerCase();\n}\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '-m', 'wip'], env);
    assert.is(assertLogged(sb, dir).intent, 'Lower-case the user name at login');
    assertClean(sb, dir);

    // a merge commit made by `git merge` (post-merge)
    gitIn(sb, dir, ['checkout', '-q', '-b', 'side']);
    writeFile(dir, 'src/util.ts', 'export function pad(s: string): string {\n  return s.padStart(8);\n}\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '-m', 'Add pad for aligned output'], env);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    writeFile(dir, 'README.md', 'project\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '-m', 'Add a README'], env);
    const m = gitIn(sb, dir, ['merge', '-q', '--no-edit', '-m', 'Merge side: pad for aligned output', 'side'], { allowFail: true, env });
    assert.is(m.code, 0, m.stderr);
    assert.is(assertLogged(sb, dir).intent, 'Merge side: pad for aligned output');
    assert.is(worktreeLog(dir).filter((e) => e.capability === 'commit').length, 5);
    assert.ok(existsSync(join(dir, '.git/hooks/commit-msg')));
    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
    // an id dropped from the config is reported, and makes status unhealthy
    writeFile(dir, '.pre-commit-config.yaml', readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8').replace('      - id: aura-post-merge\n', ''));
    const partial = aura(sb, dir, ['status']);
    assert.is(partial.code, 1, partial.stdout);
    assert.match(partial.stdout, /aura-post-merge is not listed in \.pre-commit-config\.yaml/);
  } finally {
    sb.cleanup();
  }
});

test.run();
