// Rewritten commits through real git with aura's hooks (docs/hooks.md, "Rewritten commits"):
// cherry-pick (one, range, -x, --no-commit then commit, a conflict), revert, merge --squash.
// Rebases: hooks-rebase.test.ts. After each, every new commit is logged like a plain one and
// the log and the range verify.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitIn, sandbox } from './helpers/env';
import { assertRewrittenOk, delta, diverged, logAt, mustCommit } from './hooks-fixture';

test('cherry-pick one commit, a range with -x, then revert: each has its own entry; picks supersede the original', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 3);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    const one = gitIn(sb, dir, ['cherry-pick', 'topic~1'], { allowFail: true });
    assert.is(one.code, 0, one.stderr);
    let [e] = assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.is(e.supersedes, originals[1].hash);
    assert.is(e.intent, 'Add b2');
    assert.equal(e.ast_delta, originals[1].ast_delta, 'same change, same delta');

    const range = gitIn(sb, dir, ['cherry-pick', '-x', 'topic~2', 'topic'], { allowFail: true });
    assert.is(range.code, 0, range.stderr);
    const picked = assertRewrittenOk(sb, dir, 'HEAD~2');
    assert.equal(picked.map((x) => x.supersedes), [originals[0].hash, originals[2].hash]);
    assert.equal(picked.map((x) => x.intent), ['Add b1', 'Add b3'], 'the -x line is not part of the intent');
    assert.match(gitIn(sb, dir, ['log', '-1', '--format=%B']).stdout, /\(cherry picked from commit [0-9a-f]{40}\)\n\nAura-Intent:|\(cherry picked from commit [0-9a-f]{40}\)\nAura-Intent:/);

    const rv = gitIn(sb, dir, ['revert', '--no-edit', 'HEAD~1'], { allowFail: true });
    assert.is(rv.code, 0, rv.stderr);
    [e] = assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.is(e.supersedes, undefined, 'a revert replaces nothing');
    assert.ok(delta(e).nodes.some((n) => n.change === 'removed' && n.path === 'src/b1.ts:b1'), 'the revert removes b1');
    // the revert did not take the reverted commit's entry out of the log
    assert.ok(logAt(sb, dir, 'HEAD').some((x) => x.hash === picked[0].hash));
    assertRewrittenOk(sb, dir, 'main~5');
  } finally {
    sb.cleanup();
  }
});

test('cherry-pick --no-commit then git commit (copied message or new one); merge --squash then git commit', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 2);
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    gitIn(sb, dir, ['cherry-pick', '-n', 'topic~1']);
    mustCommit(sb, dir, ['-q', '--no-edit']);
    let [e] = assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.is(e.supersedes, originals[0].hash, 'the copied trailer names the entry it replaces');
    gitIn(sb, dir, ['cherry-pick', '-n', 'topic']);
    mustCommit(sb, dir, ['-q', '-m', 'Bring b2 over']);
    [e] = assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.is(e.intent, 'Bring b2 over');

    gitIn(sb, dir, ['checkout', '-q', '-b', 'squashed', 'main~2']);
    gitIn(sb, dir, ['merge', '--squash', 'topic']);
    mustCommit(sb, dir, ['-q', '-m', 'Add b1 and b2']);
    [e] = assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.equal(delta(e).nodes.filter((n) => n.change === 'added' && n.path.includes(':')).map((n) => n.path).sort(), ['src/b1.ts:b1', 'src/b2.ts:b2']);
  } finally {
    sb.cleanup();
  }
});

test.run();
