// Zones through real git: a claim made in one clone travels with the log through a bare
// remote and is enforced in another clone after `git pull` — a warning and `zones_touched`
// for a plain claim, a refusal for a --block claim (or any claim in strict mode) unless the
// committer holds an admin key or the claim was released; expired claims are ignored.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { aura, gitIn, Sandbox, sandbox, writeFile } from './helpers/env';
import { assertLogged, commit, edit, mustCommit, repoWithAuth, worktreeLog } from './hooks-fixture';

/** Alice's repository (admin) pushed to a bare remote, and Bob's clone with his own registered human key. */
function twoClones(sb: Sandbox): { a: string; b: string; bob: NodeJS.ProcessEnv } {
  const a = repoWithAuth(sb, 'alice');
  const bob = { HOME: join(sb.dir, 'bob'), XDG_CONFIG_HOME: join(sb.dir, 'bob', '.config'), XDG_CACHE_HOME: join(sb.dir, 'bob', '.cache'), GIT_AUTHOR_NAME: 'Bob', GIT_AUTHOR_EMAIL: 'bob@example.ch' };
  writeFile(sb.dir, 'bob/.gitconfig', '[user]\n\tname = Bob\n\temail = bob@example.ch\n[init]\n\tdefaultBranch = main\n');
  const k = aura(sb, a, ['key', 'init'], bob);
  assert.is(k.code, 0, k.stderr);
  const pub = /public key +(ed25519:[0-9a-f]+)/.exec(k.stdout)![1];
  assert.is(aura(sb, a, ['key', 'add', pub, '--id', 'bob@example.ch', '--kind', 'human']).code, 0);
  writeFile(a, 'README.md', '# project\n');
  gitIn(sb, a, ['add', '-A']);
  mustCommit(sb, a, ['-q', '-m', 'Register Bob and add a readme']);
  gitIn(sb, sb.dir, ['clone', '-q', '--bare', a, join(sb.dir, 'remote.git')]);
  gitIn(sb, a, ['remote', 'add', 'origin', join(sb.dir, 'remote.git')]);
  gitIn(sb, a, ['fetch', '-q', 'origin']);
  gitIn(sb, a, ['branch', '-q', '--set-upstream-to=origin/main']);
  const b = join(sb.dir, 'bob-clone');
  gitIn(sb, sb.dir, ['clone', '-q', join(sb.dir, 'remote.git'), b], { env: bob });
  assert.is(aura(sb, b, ['init'], bob).code, 0);
  return { a, b, bob };
}

/** Commits what the claim commands appended (the log travels in commits) and pushes. */
function publish(sb: Sandbox, dir: string, message: string, env: NodeJS.ProcessEnv = {}): void {
  writeFile(dir, 'NOTES.md', `${message}\n`);
  gitIn(sb, dir, ['add', '-A']);
  mustCommit(sb, dir, ['-q', '-m', message], env);
  gitIn(sb, dir, ['push', '-q', 'origin', 'HEAD:main'], { env });
}

test('a claim from one clone warns in another after pull; the entry records zones_touched; status shows it', () => {
  const sb = sandbox();
  try {
    const { a, b, bob } = twoClones(sb);
    const c = aura(sb, a, ['zone', 'claim', 'src/auth.ts', 'src/session/**', '--reason', 'rewriting the login flow', '--expires', '4h']);
    assert.is(c.code, 0, c.stderr);
    const claim = worktreeLog(a).filter((e) => e.capability === 'zone-claim').pop()!;
    publish(sb, a, 'Claim the login flow');
    gitIn(sb, b, ['pull', '-q', '--no-rebase'], { env: bob });
    const list = aura(sb, b, ['zone', 'list'], bob);
    assert.match(list.stdout, new RegExp(`${claim.id}  alice@example.ch  src/auth.ts, src/session/\\*\\*  since ${claim.ts} until `));
    edit(b, 'src/auth.ts', 'return user;', 'return user.trim();');
    gitIn(sb, b, ['add', '-A'], { env: bob });
    assert.match(aura(sb, b, ['status'], bob).stdout, new RegExp(`zone: +${claim.id} by alice@example.ch covers staged src/auth.ts`));
    const r = mustCommit(sb, b, ['-q', '-m', 'Trim the user in login'], bob);
    assert.match(r.stderr, new RegExp(`warning: zone ${claim.id} \\(claim by alice@example.ch since ${claim.ts}.*"rewriting the login flow"\\) covers src/auth\\.ts`));
    const e = assertLogged(sb, b);
    assert.equal(e.zones_touched, [claim.id]);
    // the claimant's own commits are not warned
    edit(a, 'src/auth.ts', 'return user;', 'return user.toLowerCase();');
    gitIn(sb, a, ['add', '-A']);
    const own = mustCommit(sb, a, ['-q', '-m', 'Lowercase the user in login']);
    assert.not.match(own.stderr, /zone/);
    assert.is(assertLogged(sb, a).zones_touched, undefined);
  } finally {
    sb.cleanup();
  }
});

test('a --block claim refuses others until released; only the claimant or an admin releases; an admin commits through', () => {
  const sb = sandbox();
  try {
    const { a, b, bob } = twoClones(sb);
    assert.is(aura(sb, a, ['zone', 'claim', 'src/**', '--block', '--reason', 'migrating src']).code, 0);
    const claim = worktreeLog(a).filter((e) => e.capability === 'zone-claim').pop()!;
    publish(sb, a, 'Claim src');
    gitIn(sb, b, ['pull', '-q', '--no-rebase'], { env: bob });
    edit(b, 'src/auth.ts', 'return user;', 'return user.trim();');
    gitIn(sb, b, ['add', '-A'], { env: bob });
    const refused = commit(sb, b, ['-q', '-m', 'Trim the user in login'], bob);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`commit REFUSED: zone ${claim.id} \\(blocking claim by alice@example.ch`));
    assert.match(refused.stderr, /ask the claimant to release it \(aura zone release <zone-id>\)/);
    const steal = aura(sb, b, ['zone', 'release', claim.id], bob);
    assert.is(steal.code, 2);
    assert.match(steal.stderr, /claimed by another key; only its claimant or an admin key may release it/);
    // the admin (Alice) commits inside anyway: a warning, and it is recorded
    assert.is(aura(sb, a, ['zone', 'release', 'src/**']).code, 0);
    publish(sb, a, 'Release src');
    gitIn(sb, b, ['pull', '-q', '--no-rebase'], { env: bob });
    assert.match(aura(sb, b, ['zone', 'list'], bob).stdout, /no active zone claims/);
    mustCommit(sb, b, ['-q', '-m', 'Trim the user in login'], bob);
    assertLogged(sb, b);
    assert.is(aura(sb, b, ['audit', 'verify'], bob).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('strict mode makes every claim blocking; an expired claim is ignored', () => {
  const sb = sandbox();
  try {
    const { a, b, bob } = twoClones(sb);
    const until = new Date(Date.now() + 3000).toISOString();
    assert.is(aura(sb, b, ['zone', 'claim', 'README.md', '--reason', 'docs pass', '--expires', until], bob).code, 0);
    assert.is(aura(sb, b, ['zone', 'claim', 'src/**', '--reason', 'bob works on src'], bob).code, 0);
    publish(sb, b, 'Claim the readme and src', bob);
    gitIn(sb, a, ['pull', '-q', '--no-rebase']);
    assert.is(aura(sb, a, ['strict', 'on']).code, 0);
    // Alice is an admin: strict mode turns Bob's claim into a blocking one, but not for her
    edit(a, 'src/auth.ts', 'return user;', 'return user.trim();');
    gitIn(sb, a, ['add', '-A']);
    const admin = mustCommit(sb, a, ['-q', '-m', 'Trim the user in login']);
    assert.match(admin.stderr, /warning: zone in_\S+ \(claim \(blocking: strict mode\) by bob@example\.ch/);
    gitIn(sb, a, ['push', '-q', 'origin', 'HEAD:main']);
    // a third, non-admin key is refused
    const carol = { HOME: join(sb.dir, 'carol'), XDG_CONFIG_HOME: join(sb.dir, 'carol', '.config') };
    writeFile(sb.dir, 'carol/.gitconfig', '[user]\n\tname = Carol\n\temail = carol@example.ch\n');
    const k = aura(sb, a, ['key', 'init'], carol);
    assert.is(aura(sb, a, ['key', 'add', /public key +(ed25519:[0-9a-f]+)/.exec(k.stdout)![1], '--id', 'carol@example.ch', '--kind', 'human']).code, 0);
    edit(a, 'src/auth.ts', 'user.trim()', 'user.trim().toLowerCase()');
    gitIn(sb, a, ['add', '-A']);
    const refused = commit(sb, a, ['-q', '-m', 'Lowercase the user in login'], carol);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /commit REFUSED: zone in_\S+ \(claim \(blocking: strict mode\) by bob@example\.ch/);
    gitIn(sb, a, ['restore', '--staged', '--worktree', '--', 'src/auth.ts']); // (the log keeps Carol's key-add)
    while (Date.now() < Date.parse(until) + 100) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    writeFile(a, 'README.md', '# project\n\nMore.\n');
    gitIn(sb, a, ['add', '-A']);
    const after = mustCommit(sb, a, ['-q', '-m', 'Say more in the readme'], carol);
    assert.not.match(after.stderr, /zone/, 'the expired claim is ignored');
    assert.is(assertLogged(sb, a).zones_touched, undefined);
  } finally {
    sb.cleanup();
  }
});

test.run();
