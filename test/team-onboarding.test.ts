// A new teammate through real git: two clones (two users, two homes) and a bare remote. Bob's
// key is unknown to the log: his commits are never logged with it (normal mode: through, NOT
// logged; strict mode: refused), `aura key request` → commit → an admin's `aura key approve`
// registers it, and from then on his commits are logged.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, Sandbox, sandbox, writeFile } from './helpers/env';
import { assertLogged, auraRepo, commit, commitFile, mustCommit, trailerOf, worktreeLog } from './hooks-fixture';

interface Team {
  alice: Sandbox;
  bob: Sandbox;
  remote: string;
  a: string; // alice's clone
  b: string; // bob's clone
  cleanup(): void;
}

/** Alice starts the repository (one logged commit) and pushes it to a bare remote; Bob clones it with his own home. */
export function team(strict = false): Team {
  const alice = sandbox();
  const bob = sandbox();
  bob.env = { ...bob.env, GIT_AUTHOR_NAME: 'Bob Example', GIT_AUTHOR_EMAIL: 'bob@example.ch', GIT_COMMITTER_NAME: 'Bob Example', GIT_COMMITTER_EMAIL: 'bob@example.ch' };
  writeFile(bob.home, '.gitconfig', '[init]\n\tdefaultBranch = main\n[user]\n\tname = Bob Example\n\temail = bob@example.ch\n');
  const a = auraRepo(alice, 'alice');
  commitFile(alice, a, 'src/app.ts', 'export function app(): number {\n  return 1;\n}\n', 'Add the app entry point');
  if (strict) {
    assert.is(aura(alice, a, ['strict', 'on', '--reason', 'change control']).code, 0);
    commitFile(alice, a, 'README.md', '# app\n', 'Describe the app');
  }
  const remote = join(alice.dir, 'remote.git');
  gitIn(alice, alice.dir, ['init', '-q', '--bare', '-b', 'main', remote]);
  gitIn(alice, a, ['remote', 'add', 'origin', remote]);
  gitIn(alice, a, ['push', '-q', '-u', 'origin', 'main']);
  const b = join(bob.dir, 'bob');
  gitIn(bob, bob.dir, ['clone', '-q', remote, b]);
  return { alice, bob, remote, a, b, cleanup: () => (alice.cleanup(), bob.cleanup()) };
}

const logText = (dir: string) => readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8');

test('teammate flow: unknown key → commits go through NOT logged → key request → approve → logged; verify stays OK throughout', () => {
  const t = team();
  try {
    const { alice, bob, a, b } = t;
    // aura init in the clone: a new key the log does not know; it says so and what to run next
    const init = aura(bob, b, ['init']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /your key "bob@example\.ch" is not registered in this log/);
    assert.match(init.stdout, /aura key request/);
    assert.match(init.stdout, /aura key approve "bob@example\.ch"/);
    assert.match(init.stdout, /NOT logged/);

    // normal mode: the commit goes through, without an entry, and the hook says so
    const before = logText(b);
    const cloneTip = gitIn(bob, b, ['rev-parse', 'HEAD']).stdout.trim();
    writeFile(b, 'src/b.ts', 'export const b = 1;\n');
    gitIn(bob, b, ['add', 'src/b.ts']);
    const c = mustCommit(bob, b, ['-q', '-m', 'Add b']);
    assert.match(c.stderr, /NOT logged/);
    assert.match(c.stderr, /UNLOGGED_COMMIT/);
    assert.match(c.stderr, /aura key request/);
    assert.is(trailerOf(bob, b), null, 'no trailer');
    assert.is(logText(b), before, 'nothing was appended with the unregistered key');
    // the fold's `git update-index`, started before the refusal (lib/hooks/fold.ts), ended without staging
    assert.not.ok(existsSync(join(b, '.git', 'index.lock')), 'the index is not left locked');
    assert.is(gitIn(bob, b, ['status', '--porcelain']).stdout, '');
    const v = aura(bob, b, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr); // never UNKNOWN_SIGNER for the whole repository
    const range = aura(bob, b, ['audit', 'verify', '--range', 'origin/main..HEAD']);
    assert.is(range.code, 1);
    assert.match(range.stdout, /UNLOGGED_COMMIT/);

    // the request: public key only, staged; committed and pushed on a branch
    const req = aura(bob, b, ['key', 'request', '--kind', 'human']);
    assert.is(req.code, 0, req.stderr);
    const file = join(b, '.aura', 'key-requests', 'bob@example.ch.pub');
    const body = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(Object.keys(body).sort(), ['key_id', 'kind', 'pubkey', 'requested_at']);
    assert.equal([body.key_id, body.kind], ['bob@example.ch', 'human']);
    const keyFile = JSON.parse(readFileSync(/\S+\.json/.exec(aura(bob, b, ['key', 'list']).stdout.split('\n').find((l) => l.includes('.json'))!)![0], 'utf8'));
    assert.is(body.pubkey, keyFile.public_key);
    assert.not.match(readFileSync(file, 'utf8'), keyFile.private_key);
    assert.is(aura(bob, b, ['key', 'request', '--kind', 'agent']).code, 2, 'a kind other than the key\'s is refused');
    mustCommit(bob, b, ['-q', '-m', 'Request an aura key for bob']);
    gitIn(bob, b, ['push', '-q', 'origin', 'HEAD:bob/key']);

    // alice: the request is listed; a non-admin cannot approve; she approves
    gitIn(alice, a, ['fetch', '-q', 'origin']);
    gitIn(alice, a, ['merge', '-q', '--ff-only', 'origin/bob/key']);
    const list = aura(alice, a, ['key', 'list']);
    assert.match(list.stdout, /pending key requests/);
    assert.match(list.stdout, /bob@example\.ch  human  ed25519:[0-9a-f]{64}/);
    assert.match(list.stdout, /aura key approve "bob@example\.ch"/);
    const bad = aura(alice, a, ['key', 'approve', 'carol@example.ch']);
    assert.is(bad.code, 1);
    assert.match(bad.stderr, /no key request for "carol@example\.ch".*pending: bob@example\.ch/);
    const ok = aura(alice, a, ['key', 'approve', 'bob@example.ch']);
    assert.is(ok.code, 0, ok.stderr);
    assert.ok(!existsSync(join(a, '.aura', 'key-requests', 'bob@example.ch.pub')), 'the request file is removed');
    const added = worktreeLog(a).pop()!;
    assert.equal([added.capability, added.key, added.key_id, added.key_kind, added.roles], ['key-add', body.pubkey, 'bob@example.ch', 'human', []]);
    mustCommit(alice, a, ['-q', '-m', 'Approve the aura key of bob']);
    assertLogged(alice, a);
    assert.not.match(gitIn(alice, a, ['ls-files', '.aura']).stdout, 'key-requests', 'the removal was committed');
    gitIn(alice, a, ['push', '-q', 'origin', 'main']);

    // bob pulls: his key is registered, his next commit is logged
    gitIn(bob, b, ['pull', '-q', '--no-rebase', 'origin', 'main']);
    assert.match(aura(bob, b, ['key', 'list']).stdout, /bob@example\.ch +human +ed25519:\S+ +\(default\) +registered in this log/);
    commitFile(bob, b, 'src/c.ts', 'export function c(): number {\n  return 3;\n}\n', 'Add c');
    const e = assertLogged(bob, b);
    assert.is(e.author.pubkey, body.pubkey);
    // …and he logs, late, the two commits made before: verify --range then passes
    const bf = aura(bob, b, ['audit', 'backfill', `${cloneTip}..HEAD`]);
    assert.is(bf.code, 0, bf.stderr);
    assert.match(bf.stdout, 'appended 2 backfill entries signed by bob@example.ch');
    const v2 = aura(bob, b, ['audit', 'verify']);
    assert.is(v2.code, 0, v2.stdout);
    const vr = aura(bob, b, ['audit', 'verify', '--range', `${cloneTip}..HEAD`]);
    assert.is(vr.code, 0, vr.stdout);
    assert.match(vr.stdout, /logged late: [0-9a-f]{12} "Add b": by bob@example\.ch at /);
    assert.match(vr.stdout, /logged late: [0-9a-f]{12} "Request an aura key for bob": by bob@example\.ch at /);
  } finally {
    t.cleanup();
  }
});

test('strict mode: a commit by a key the log does not trust is refused, with what to run; nothing appended', () => {
  const t = team(true);
  try {
    const { bob, b } = t;
    const init = aura(bob, b, ['init']);
    assert.is(init.code, 0, init.stderr);
    assert.match(init.stdout, /strict mode refuses your commits/);
    const head = gitIn(bob, b, ['rev-parse', 'HEAD']).stdout;
    const before = logText(b);
    writeFile(b, 'src/b.ts', 'export const b = 1;\n');
    gitIn(bob, b, ['add', 'src/b.ts']);
    const r = commit(bob, b, ['-q', '-m', 'Add b']);
    assert.is.not(r.code, 0, 'refused');
    assert.match(r.stderr, /strict mode refuses this commit/);
    assert.match(r.stderr, /not registered/);
    assert.match(r.stderr, /aura key request/);
    assert.match(r.stderr, /aura key approve "bob@example\.ch"/);
    assert.is(gitIn(bob, b, ['rev-parse', 'HEAD']).stdout, head, 'no commit was made');
    assert.is(logText(b), before, 'nothing appended');
    // with a pending intent (pre-commit path) it is refused as well
    assert.is(aura(bob, b, ['intent', 'Add b as a constant']).code, 0);
    const r2 = commit(bob, b, ['-q', '-m', 'Add b']);
    assert.is.not(r2.code, 0);
    assert.match(r2.stderr, /strict mode refuses this commit/);
    assert.is(logText(b), before);
  } finally {
    t.cleanup();
  }
});

test('normal mode with a pending intent: the commit goes through, not logged, no entry signed by the unknown key', () => {
  const t = team();
  try {
    const { bob, b } = t;
    assert.is(aura(bob, b, ['init']).code, 0);
    const before = logText(b);
    assert.is(aura(bob, b, ['intent', 'Add b as a constant']).code, 0);
    writeFile(b, 'src/b.ts', 'export const b = 1;\n');
    gitIn(bob, b, ['add', 'src/b.ts']);
    const c = mustCommit(bob, b, ['-q', '-m', 'Add b']);
    assert.match(c.stderr, /NOT logged/);
    assert.is(trailerOf(bob, b), null);
    assert.is(logText(b), before);
    assert.is(aura(bob, b, ['audit', 'verify']).code, 0);
  } finally {
    t.cleanup();
  }
});

test.run();
