// Rebases through real git with aura's hooks (docs/hooks.md, "Rewritten commits"): the default
// rebase, --apply, -i with every command, --autosquash, --onto, --exec, conflicts continued,
// skipped and aborted, and git pull --rebase between two clones of a bare remote. After each,
// every rebased commit is logged like a plain one, supersedes its original, and the log and
// the range verify.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox } from './helpers/env';
import { assertRewrittenOk, commitFile, diverged, edit, fn, logAt, mustCommit, repoWithAuth, trailerOf } from './hooks-fixture';

const seqEditor = (script: string) => ({ GIT_SEQUENCE_EDITOR: `sed -i ${script}`, GIT_EDITOR: 'true' });
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

test('rebase --apply (the am backend: the picks run post-commit with rebase-apply/rebasing): logged once, by post-rewrite', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 2);
    const r = gitIn(sb, dir, ['rebase', '--apply', 'main'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /aura: rebase: logged 2 of 2/);
    const entries = assertRewrittenOk(sb, dir, 'main');
    assert.equal(entries.map((e) => e.supersedes), originals.map((o) => o.hash));
    assert.equal(entries.map((e) => e.ast_delta_hash), originals.map((o) => o.ast_delta_hash));
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'main..HEAD']).stdout.trim(), '2', 'no extra commits');
  } finally {
    sb.cleanup();
  }
});

test('a chained post-rewrite hook of the user\'s and aura both get the rewritten pairs on stdin', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 2);
    const seen = join(dir, '.git', 'user-hook-saw');
    writeFileSync(join(dir, '.git/hooks/post-rewrite.pre-aura'), `#!/bin/sh\necho "$1" > '${seen}'\ncat >> '${seen}'\n`, { mode: 0o755 });
    const r = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /aura: rebase: logged 2 of 2/);
    const lines = readFileSync(seen, 'utf8').trim().split('\n');
    assert.is(lines[0], 'rebase');
    assert.is(lines.length, 3, 'the user\'s hook read both "<old> <new>" pairs');
    assertRewrittenOk(sb, dir, 'main');
    assert.equal(logAt(sb, dir, 'HEAD').filter((e) => e.supersedes).map((e) => e.supersedes), originals.map((o) => o.hash));
  } finally {
    sb.cleanup();
  }
});

test('rebase --update-refs: the other branches of the stack move to the logged commits too', () => {
  const sb = sandbox();
  try {
    const { dir } = diverged(sb, 3);
    gitIn(sb, dir, ['branch', 'part1', 'HEAD~1']);
    const r = gitIn(sb, dir, ['rebase', '--update-refs', 'main'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /aura: rebase: logged 3 of 3/);
    assertRewrittenOk(sb, dir, 'main');
    const rev = (x: string) => gitIn(sb, dir, ['rev-parse', x]).stdout.trim();
    assert.is(rev('part1'), rev('HEAD~1'), 'part1 is still the second commit of the stack');
    assert.ok(trailerOf(sb, dir, 'part1'), 'and carries its entry');
    assert.is(aura(sb, dir, ['audit', 'verify', '--range', 'main..part1']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('rebase -i: reword, edit (amended at the stop), squash, fixup, drop', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 5);
    const env = seqEditor(`-e 1s/^pick/reword/ -e 2s/^pick/edit/ -e 3s/^pick/squash/ -e 4s/^pick/fixup/ -e 5s/^pick/drop/`);
    const stop = gitIn(sb, dir, ['rebase', '-i', 'main'], { allowFail: true, env });
    assert.is(stop.code, 0, stop.stderr);
    assert.ok(existsSync(join(dir, '.git/rebase-merge')), 'stopped at the edit');
    commitFile(sb, dir, 'src/b2.ts', fn('b2', 22), 'Add b2 returning 22'); // a new commit at the stop
    edit(dir, 'src/b2.ts', 'return 22', 'return 23');
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '--amend', '--no-edit']); // and an amend of it
    const cont = gitIn(sb, dir, ['rebase', '--continue'], { allowFail: true, env });
    assert.is(cont.code, 0, cont.stderr);
    const es = assertRewrittenOk(sb, dir, 'main');
    assert.is(es.length, 3, 'b1; b2; the commit made at the stop squashed with b3 and b4; b5 dropped');
    assert.is(es[0].supersedes, originals[0].hash);
    assert.is(es[1].supersedes, originals[1].hash);
    const joined = es[2].supersedes as string[];
    assert.ok(joined.includes(originals[2].hash) && joined.includes(originals[3].hash), 'the squash supersedes the entries it joins');
    assert.is(es[2].intent, 'Add b2 returning 22\n\nAdd b3', 'the squashed messages without their old trailers');
    assert.not.ok(existsSync(join(dir, 'src/b5.ts')));
    assert.ok(logAt(sb, dir, 'HEAD').some((e) => e.hash === originals[4].hash), 'the dropped commit\'s entry stays in the log');
  } finally {
    sb.cleanup();
  }
});

test('rebase --autosquash, --onto and --exec (an amend in the exec is not logged twice)', () => {
  const sb = sandbox();
  try {
    const { dir, originals } = diverged(sb, 3);
    commitFile(sb, dir, 'src/b1.ts', fn('b1', 11), 'fixup! Add b1');
    const auto = gitIn(sb, dir, ['rebase', '-i', '--autosquash', 'main'], { allowFail: true, env: { GIT_SEQUENCE_EDITOR: 'true' } });
    assert.is(auto.code, 0, auto.stderr);
    let es = assertRewrittenOk(sb, dir, 'main');
    assert.is(es.length, 3);
    assert.is(es[0].intent, 'Add b1');
    assert.ok((es[0].supersedes as string[]).includes(originals[0].hash));

    gitIn(sb, dir, ['branch', 'side', 'main~1']);
    const onto = gitIn(sb, dir, ['rebase', '--onto', 'side', 'HEAD~1'], { allowFail: true });
    assert.is(onto.code, 0, onto.stderr);
    es = assertRewrittenOk(sb, dir, 'side');
    assert.is(es.length, 1);
    assert.is(es[0].supersedes, trailerOf(sb, dir, 'ORIG_HEAD')!.hash);

    const exec = gitIn(sb, dir, ['rebase', '--exec', 'git commit --amend --no-edit --allow-empty', 'main'], { allowFail: true });
    assert.is(exec.code, 0, exec.stderr);
    es = assertRewrittenOk(sb, dir, 'main');
    assert.is(es.length, 1);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('rebase stopped by a conflict: --continue (delta checked anew), --skip and --abort leave a log that verifies', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    edit(dir, 'src/auth.ts', "'bad token'", "'topic error'");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Topic: reword the login error']);
    commitFile(sb, dir, 'src/b.ts', fn('b', 1), 'Add b');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    edit(dir, 'src/auth.ts', "'bad token'", "'main error'");
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Main: reword the login error']);
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const state = () => readdirSync(join(dir, '.git/aura')).filter((f) => /prepared|checked|pending|deferred/.test(f));

    const abort = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is.not(abort.code, 0);
    gitIn(sb, dir, ['rebase', '--abort']);
    assertRewrittenOk(sb, dir, base);
    assert.equal(state(), []);

    const skip = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is.not(skip.code, 0);
    const skipped = gitIn(sb, dir, ['rebase', '--skip'], { allowFail: true });
    assert.is(skipped.code, 0, skipped.stderr);
    let es = assertRewrittenOk(sb, dir, 'main');
    assert.equal(es.map((e) => e.intent), ['Add b']);
    assert.equal(state(), []);

    gitIn(sb, dir, ['reset', '-q', '--hard', 'ORIG_HEAD']);
    const stop = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is.not(stop.code, 0);
    edit(dir, 'src/auth.ts', /<<<<<<<[^]*?>>>>>>> [^\n]*\n/, "    throw new Error('merged error');\n");
    gitIn(sb, dir, ['add', 'src']);
    const cont = gitIn(sb, dir, ['rebase', '--continue'], { allowFail: true, env: { GIT_EDITOR: 'true' } });
    assert.is(cont.code, 0, cont.stderr);
    es = assertRewrittenOk(sb, dir, 'main');
    assert.equal(es.map((e) => e.intent), ['Topic: reword the login error', 'Add b']);
    assert.ok(es[0].supersedes, 'the resolved commit supersedes its original');
    assert.equal(state(), []);
  } finally {
    sb.cleanup();
  }
});

test('git pull --rebase between two clones of a bare remote', () => {
  const sb = sandbox();
  try {
    const a = repoWithAuth(sb, 'a');
    const remote = join(sb.dir, 'remote.git');
    gitIn(sb, sb.dir, ['init', '-q', '--bare', remote]);
    gitIn(sb, a, ['remote', 'add', 'origin', remote]);
    gitIn(sb, a, ['push', '-q', '-u', 'origin', 'main']);
    const b = join(sb.dir, 'b');
    gitIn(sb, sb.dir, ['clone', '-q', remote, b]);
    assert.is(aura(sb, b, ['init']).code, 0);
    commitFile(sb, a, 'src/x.ts', fn('x', 1), 'Add x');
    gitIn(sb, a, ['push', '-q']);
    commitFile(sb, b, 'src/y.ts', fn('y', 2), 'Add y');
    const before = trailerOf(sb, b)!;
    const pull = gitIn(sb, b, ['pull', '-q', '--rebase'], { allowFail: true });
    assert.is(pull.code, 0, pull.stderr);
    const [e] = assertRewrittenOk(sb, b, 'origin/main');
    assert.is(e.supersedes, before.hash);
    gitIn(sb, b, ['push', '-q']);
    gitIn(sb, a, ['pull', '-q', '--ff-only']);
    assertRewrittenOk(sb, a, 'HEAD~2');
  } finally {
    sb.cleanup();
  }
});

test.run();
