// Seen tips and sync checks through real git: two clones of a bare remote, each with aura's
// hooks. A force-push that cuts the log back is reported as ROLLBACK by the other clone's next
// pull; a history rewritten from an earlier commit as FORK; ordinary work reports nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, Sandbox, sandbox } from './helpers/env';
import { commitFile, logAt, worktreeLog } from './hooks-fixture';

/** A bare remote, clone `a` with aura and one logged commit pushed, clone `b` of it with aura's hooks. */
function twoClones(sb: Sandbox): { a: string; b: string } {
  const remote = join(sb.dir, 'remote.git');
  gitIn(sb, sb.dir, ['init', '-q', '--bare', '-b', 'main', remote]);
  const a = join(sb.dir, 'a');
  gitIn(sb, sb.dir, ['clone', '-q', remote, a]);
  assert.is(aura(sb, a, ['init']).code, 0);
  commitFile(sb, a, 'src/one.ts', 'export const one = 1;\n', 'Add one');
  gitIn(sb, a, ['push', '-q', '-u', 'origin', 'main']);
  const b = join(sb.dir, 'b');
  gitIn(sb, sb.dir, ['clone', '-q', remote, b]);
  assert.is(aura(sb, b, ['init']).code, 0);
  for (const d of [a, b]) gitIn(sb, d, ['config', 'pull.rebase', 'false']);
  return { a, b };
}

function threeMore(sb: Sandbox, dir: string, tag: string): void {
  for (let i = 1; i <= 3; i++) commitFile(sb, dir, `src/${tag}${i}.ts`, `export const ${tag}${i} = ${i};\n`, `Add ${tag}${i}`);
}

test('a force-push that drops the last three entries: the other clone\'s next pull reports ROLLBACK naming them', () => {
  const sb = sandbox();
  try {
    const { a, b } = twoClones(sb);
    threeMore(sb, a, 'x');
    gitIn(sb, a, ['push', '-q']);
    const quiet = gitIn(sb, b, ['pull', '-q']);
    assert.not.match(quiet.stderr, /ROLLBACK|FORK/, 'an ordinary pull reports nothing');
    const dropped = worktreeLog(b).slice(-3);
    assert.equal(dropped.map((e) => e.intent), ['Add x1', 'Add x2', 'Add x3']);

    gitIn(sb, a, ['reset', '-q', '--hard', 'HEAD~3']);
    gitIn(sb, a, ['push', '-q', '--force']);
    const pull = gitIn(sb, b, ['pull', '-q']);
    assert.match(pull.stderr, /\*\*\* ROLLBACK on origin\/main: 3 log entries this clone saw are gone/);
    for (const e of dropped) assert.match(pull.stderr, `gone: ${e.id} ${e.hash}`);

    const check = aura(sb, b, ['audit', 'sync-check', 'origin/main']);
    assert.is(check.code, 1, 'the alarm repeats on demand');
    assert.match(check.stderr, /ROLLBACK on origin\/main/);
    const json = JSON.parse(aura(sb, b, ['audit', 'sync-check', 'origin/main', '--json']).stdout);
    assert.equal(json[0].gone.map((g: { id: string }) => g.id), dropped.map((e) => e.id));

    // b still holds the entries: pushing them back restores the remote, and the alarm ends.
    gitIn(sb, b, ['push', '-q', '--force']);
    const after = aura(sb, b, ['audit', 'sync-check', 'origin/main']);
    assert.is(after.code, 0, after.stderr);
    assert.match(after.stdout, /^OK {2}refs\/remotes\/origin\/main/m);
  } finally {
    sb.cleanup();
  }
});

test('a history rewritten from an earlier commit and force-pushed: reported as FORK on fetch, also with pull --rebase', () => {
  const sb = sandbox();
  try {
    const { a, b } = twoClones(sb);
    threeMore(sb, a, 'x');
    gitIn(sb, a, ['push', '-q']);
    gitIn(sb, b, ['pull', '-q']);
    const base = logAt(sb, a, 'HEAD~2').at(-1)!; // the entry of x1: the rewrite branches off after it

    gitIn(sb, a, ['reset', '-q', '--hard', 'HEAD~2']);
    commitFile(sb, a, 'src/y.ts', 'export const y = 1;\n', 'Add y instead');
    gitIn(sb, a, ['push', '-q', '--force']);
    const pull = gitIn(sb, b, ['pull', '-q', '--rebase'], { allowFail: true });
    assert.match(pull.stderr, /\*\*\* FORK on origin\/main: its log was rewritten — 2 entries this clone saw are gone/);
    assert.match(pull.stderr, `branches off after: ${base.hash.slice(0, 19)}`);
    const check = aura(sb, b, ['audit', 'sync-check']);
    assert.is(check.code, 1);
    assert.match(check.stderr, /FORK on origin\/main/);
    const accepted = aura(sb, b, ['audit', 'sync-check', '--accept', 'origin/main']);
    assert.is(accepted.code, 0, accepted.stderr);
    assert.is(aura(sb, b, ['audit', 'sync-check', 'origin/main']).code, 0, 'accepted after review');
  } finally {
    sb.cleanup();
  }
});

test('ordinary work on two clones (diverging commits, merge pulls, pushes both ways) never reports ROLLBACK or FORK', () => {
  const sb = sandbox();
  try {
    const { a, b } = twoClones(sb);
    commitFile(sb, a, 'src/a1.ts', 'export const a1 = 1;\n', 'Add a1');
    gitIn(sb, a, ['push', '-q']);
    commitFile(sb, b, 'src/b1.ts', 'export const b1 = 1;\n', 'Add b1');
    const pulls = [gitIn(sb, b, ['pull', '-q', '--no-edit']), gitIn(sb, b, ['push', '-q']), gitIn(sb, a, ['pull', '-q'])];
    commitFile(sb, a, 'src/a2.ts', 'export const a2 = 2;\n', 'Add a2');
    pulls.push(gitIn(sb, a, ['push', '-q']), gitIn(sb, b, ['fetch', '-q']), gitIn(sb, b, ['pull', '-q']));
    for (const r of pulls) assert.not.match(r.stderr, /ROLLBACK|FORK|warning: could not/);
    for (const d of [a, b]) {
      const r = aura(sb, d, ['audit', 'sync-check']);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /OK {2}refs\/heads\/main/);
      assert.match(r.stdout, /OK {2}refs\/remotes\/origin\/main/);
    }
    const seen = readdirSync(join(b, '.git', 'aura', 'seen')).sort();
    assert.equal(seen, ['refs%2Fheads%2Fmain.json', 'refs%2Fremotes%2Forigin%2Fmain.json'], 'recorded per ref in the common dir');
  } finally {
    sb.cleanup();
  }
});

test.run();
