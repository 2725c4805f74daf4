// `aura audit backfill A..B` through real git: commits made with --no-verify are UNLOGGED_COMMIT;
// backfill appends one signed `backfilled` entry per such commit, commits the log on top (itself
// logged), and `verify --range` then passes, listing them as logged late (--strict-binding: LOGGED_LATE).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertLogged, commit, logAt, mustCommit, repoWithAuth, treeWithoutAuraGit } from './hooks-fixture';

test('backfill after --no-verify: entries bind id, parents, tree and delta; verify --range passes and reports them late', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    writeFile(dir, 'src/util.ts', 'export function twice(n: number): number {\n  return n * 2;\n}\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Add twice']);
    writeFile(dir, 'notes.txt', 'hello\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Add notes']);
    const unlogged = gitIn(sb, dir, ['rev-list', '--reverse', `${base}..HEAD`]).stdout.trim().split('\n');
    const before = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`]);
    assert.is(before.code, 1);
    assert.is(before.stdout.match(/^  UNLOGGED_COMMIT /gm)!.length, 2);

    const status = aura(sb, dir, ['status']);
    assert.is(status.code, 1, 'aura status flags commits without an entry');
    assert.match(status.stdout, `commits:  2 on this branch since ${base.slice(0, 10)} have no entry`);
    assert.match(status.stdout, `run aura audit backfill ${base.slice(0, 10)}..HEAD`);

    const dry = aura(sb, dir, ['audit', 'backfill', `${base}..HEAD`, '--dry-run']);
    assert.is(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, '2 commits would be backfilled');
    assert.is(logAt(sb, dir, 'HEAD').length, logAt(sb, dir, base).length, 'dry run appends nothing');

    const r = aura(sb, dir, ['audit', 'backfill', `${base}..HEAD`]);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, 'appended 2 backfill entries signed by alice@example.ch');
    assert.is(gitIn(sb, dir, ['log', '-1', '--format=%s']).stdout.trim(), 'aura: backfill 2 entries');
    assertLogged(sb, dir); // the commit on top is logged like any other
    assert.equal(gitIn(sb, dir, ['rev-parse', 'HEAD~1']).stdout.trim(), unlogged[1], 'on top of the range');
    const entries = logAt(sb, dir, 'HEAD').filter((e) => e.backfilled === true);
    assert.is(entries.length, 2);
    for (const [i, sha] of unlogged.entries()) {
      const e = entries[i];
      assert.is(e.capability, 'commit');
      assert.is(e.commit, sha);
      assert.equal(e.commit_parents, gitIn(sb, dir, ['log', '-1', '--format=%P', sha]).stdout.trim().split(' '));
      assert.is(e.tree, treeWithoutAuraGit(sb, dir, sha));
    }
    assert.equal((entries[0].ast_delta as { nodes: { path: string; change: string }[] }).nodes.map((n) => [n.path, n.change]), [['src/util.ts', 'added'], ['src/util.ts:twice', 'added']]);

    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout);
    assert.not.match(aura(sb, dir, ['status']).stdout, 'commits:', 'backfilled commits are bound');
    const range = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`]);
    assert.is(range.code, 0, range.stdout);
    assert.match(range.stdout, '(2 logged late)');
    assert.match(range.stdout, new RegExp(`logged late: ${unlogged[0].slice(0, 12)} "Add twice": by alice@example\\.ch at \\d{4}-`));
    const json = JSON.parse(aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`, '--json']).stdout);
    assert.equal(json.range.late.map((l: { commit: string }) => l.commit), unlogged);
    const strict = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`, '--strict-binding']);
    assert.is(strict.code, 1);
    assert.is(strict.stdout.match(/^  LOGGED_LATE /gm)!.length, 2);

    const again = aura(sb, dir, ['audit', 'backfill', `${base}..HEAD`]);
    assert.is(again.code, 0);
    assert.match(again.stdout, 'nothing to backfill');
  } finally {
    sb.cleanup();
  }
});

test('backfill: a key the log does not trust is refused and appends nothing; a bad range is a usage error', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    writeFile(dir, 'a.txt', 'a\n');
    gitIn(sb, dir, ['add', '.']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Add a']);
    const k = aura(sb, dir, ['key', 'init', '--agent', 'stranger']);
    const file = /file +(\S+\.json)/.exec(k.stdout)![1];
    const log = gitIn(sb, dir, ['show', ':.aura/intent_log.jsonl']).stdout;
    const r = aura(sb, dir, ['audit', 'backfill', 'HEAD~1..HEAD'], { AURA_KEY: file });
    assert.is(r.code, 1);
    assert.match(r.stderr, /may not sign entries in this log: .*not registered/);
    assert.is(gitIn(sb, dir, ['show', ':.aura/intent_log.jsonl']).stdout, log);
    assert.is(aura(sb, dir, ['audit', 'backfill', 'HEAD']).code, 2);
    assert.is(aura(sb, dir, ['audit', 'backfill', 'nope..HEAD']).code, 2);
    const c = commit(sb, dir, ['-q', '--allow-empty', '-m', 'Nothing']);
    assert.is(c.code, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
