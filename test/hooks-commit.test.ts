// The commit flow through real `git commit` with the installed hooks: the entry is part of the
// same commit, the trailer names it, status is clean, author/committer/dates survive, strict
// mode refuses and authorizations clear it, the pending-intent path, signed commits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, Sandbox, sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertClean, assertLogged, auraRepo, commit, mustCommit, repoWithAuth, worktreeLog } from './hooks-fixture';

test('a plain git commit -m: HEAD holds the entry, the trailer names it, author/committer/dates preserved, status clean', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    writeFile(dir, 'src/auth.ts', 'export function validate(t: string) {\n  return t.length > 0;\n}\n');
    gitIn(sb, dir, ['add', 'src']);
    const env = {
      GIT_AUTHOR_NAME: 'Bob Author', GIT_AUTHOR_EMAIL: 'bob@example.ch', GIT_AUTHOR_DATE: '2026-01-02T03:04:05+0200',
      GIT_COMMITTER_NAME: 'Carol Committer', GIT_COMMITTER_EMAIL: 'carol@example.ch', GIT_COMMITTER_DATE: '2026-01-03T10:00:00-0500',
    };
    const r = mustCommit(sb, dir, ['-q', '-m', 'Add token validation\n\nTokens must not be empty.'], env);
    assert.match(r.stderr, /intent check — consistent/);
    const e = assertLogged(sb, dir);
    assert.is(e.intent, 'Add token validation\n\nTokens must not be empty.');
    assert.is(e.branch, 'main');
    assert.equal(e.commit_parents, [], 'the initial commit has no parents');
    assert.ok((e.ast_delta as any).nodes.some((n: any) => n.path === 'src/auth.ts:validate' && n.change === 'added'));
    assertClean(sb, dir);
    const who = gitIn(sb, dir, ['log', '-1', '--format=%an|%ae|%ad|%cn|%ce|%cd', '--date=raw']).stdout.trim();
    assert.is(who, 'Bob Author|bob@example.ch|1767315845 +0200|Carol Committer|carol@example.ch|1767452400 -0500');
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '1', 'replaced, not stacked');
    // the genesis and config travel in the first commit too
    assert.equal(worktreeLog(dir).map((x) => x.capability), ['genesis', 'commit']);
    assert.ok(gitIn(sb, dir, ['ls-tree', '--name-only', 'HEAD', '.aura/']).stdout.includes('.aura/config.toml'));
  } finally {
    sb.cleanup();
  }
});

test('strict mode: a deletion is refused with its report; a human authorization clears it once; the entry lists it', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    writeFile(dir, 'src/auth.ts', "export function login(user: string, token: string): string {\n  return user;\n}\n");
    gitIn(sb, dir, ['add', 'src']);
    const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout;
    const refused = commit(sb, dir, ['-q', '-m', 'fix typo']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /intent check — inconsistent \(strict mode\)/);
    assert.match(refused.stderr, /✗ removed +src\/auth\.ts:validate — removed, but the intent does not name it/);
    assert.match(refused.stderr, /✗ modified src\/auth\.ts:login — the intent claims the whole change is cosmetic \("fix typo"\)/);
    assert.match(refused.stderr, /aura intent authorize-delete 'src\/auth\.ts:validate'/);
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout, head, 'nothing committed');
    const auth = aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:validate', '--reason', 'the gateway validates tokens', '--expires', '7d']);
    assert.is(auth.code, 0, auth.stderr);
    const authEntry = worktreeLog(dir).pop()!;
    assert.is(authEntry.capability, 'authorize-delete');
    assert.equal(authEntry.targets, ['src/auth.ts:validate']);
    mustCommit(sb, dir, ['-q', '-m', 'Login no longer checks tokens: the gateway does']);
    const e = assertLogged(sb, dir);
    assert.equal(e.authorizations, [authEntry.hash]);
    assertClean(sb, dir);
    // consumed: the same authorization does not cover a second deletion
    writeFile(dir, 'src/auth.ts', 'export function validate(t: string) {\n  return !!t;\n}\n\n' + readFileSync(join(dir, 'src/auth.ts'), 'utf8'));
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Bring back validate']);
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const again = commit(sb, dir, ['-q', '-m', 'Clean up']);
    assert.is(again.code, 1);
    assert.match(again.stderr, /✗ removed +src\/auth\.ts:validate/);
    // a human naming the symbol in the intent covers it
    mustCommit(sb, dir, ['-q', '-m', 'Remove validate and login: unused since the gateway']);
    assertLogged(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('strict mode with an agent key: naming the symbol is not enough, and the agent cannot authorize; a human can', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    const agent = addAgentKey(sb, dir, 'bot-1');
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const refused = commit(sb, dir, ['-q', '-m', 'Remove validate and login'], agent);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /agent key cannot authorize a deletion/);
    const selfAuth = aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:*', '--reason', 'x'], agent);
    assert.is(selfAuth.code, 2);
    assert.match(selfAuth.stderr, /agent key: an agent can never authorize a deletion/);
    assert.is(aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:*', '--reason', 'retired module']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Remove the auth module'], agent);
    const e = assertLogged(sb, dir);
    assert.is((e.author as any).kind, 'agent');
    assert.is((e.authorizations as string[]).length, 1);
  } finally {
    sb.cleanup();
  }
});

test('strict mode cannot be switched off by editing a file, and only admin keys change it', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    // forge: rewrite the policy entry's field in the file (hash/signature no longer match)
    const p = join(dir, '.aura/intent_log.jsonl');
    const genuine = readFileSync(p, 'utf8');
    writeFile(dir, '.aura/intent_log.jsonl', genuine.replace('"strict":true', '"strict":false'));
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const forged = commit(sb, dir, ['-q', '-m', 'Clean up']);
    assert.is(forged.code, 1, 'the hook fails closed on a tampered policy entry');
    assert.match(forged.stderr, /HASH_MISMATCH/);
    // a policy line appended by hand (no valid signature) does not count either
    const policy = JSON.parse(genuine.trim().split('\n').pop()!);
    writeFile(dir, '.aura/intent_log.jsonl', genuine + JSON.stringify({ ...policy, policy: { strict: false }, parents: [policy.hash] }) + '\n');
    assert.is(commit(sb, dir, ['-q', '-m', 'Clean up']).code, 1, 'still refused');
    writeFile(dir, '.aura/intent_log.jsonl', genuine);
    const plain = commit(sb, dir, ['-q', '-m', 'Clean up']);
    assert.is(plain.code, 1, 'strict mode holds');
    assert.match(plain.stderr, /commit refused by strict mode/);
    const off = aura(sb, dir, ['strict', 'off'], addAgentKey(sb, dir, 'bot-2'));
    assert.is.not(off.code, 0);
    assert.match(off.stderr, /not an admin key/);
  } finally {
    sb.cleanup();
  }
});

test('a pending intent: pre-commit logs it inside the commit Git writes (no replacement), then it is consumed', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const i = aura(sb, dir, ['intent', 'Harden validate: reject tabs as well']);
    assert.is(i.code, 0, i.stderr);
    assert.match(aura(sb, dir, ['status']).stdout, /intent: +pending — "Harden validate: reject tabs as well"/);
    writeFile(dir, 'src/auth.ts', readFileSync(join(dir, 'src/auth.ts'), 'utf8').replace("!token.includes(' ')", "!/[ \\t]/.test(token)"));
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'harden validate']);
    const e = assertLogged(sb, dir);
    assert.is(e.intent, 'Harden validate: reject tabs as well');
    const reflog = gitIn(sb, dir, ['reflog', '-1', '--format=%gs']).stdout.trim();
    assert.match(reflog, /^commit: harden validate/, 'the commit Git made is HEAD: nothing folded afterwards');
    assert.not.ok(existsSync(join(dir, '.git/aura/pending-intent.json')), 'consumed');
    assertClean(sb, dir);
  } finally {
    sb.cleanup();
  }
});

/** Real ssh signing for `dir` (a fresh ed25519 key, its allowed-signers file), plus `config`. */
function sshSigning(sb: Sandbox, dir: string, config: [string, string][] = []): void {
  const keyFile = join(sb.dir, 'sign_ed25519');
  const gen = require('node:child_process').spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile], { env: sb.env });
  assert.is(gen.status, 0, String(gen.stderr));
  writeFile(sb.dir, 'allowed', `alice@example.ch ${readFileSync(keyFile + '.pub', 'utf8')}`);
  for (const [k, v] of [['gpg.format', 'ssh'], ['user.signingkey', keyFile + '.pub'], ['gpg.ssh.allowedSignersFile', join(sb.dir, 'allowed')], ...config]) gitIn(sb, dir, ['config', k, v]);
}

test('signed commits (commit.gpgsign, real ssh signing): refused without a pending intent; with one, signed exactly once and logged', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    // a wrapper that counts each signing request, then signs with the real ssh-keygen
    const counter = join(sb.dir, 'signatures.count');
    writeFile(sb.dir, 'sign.sh', `#!/bin/sh\necho x >> '${counter}'\nexec ssh-keygen "$@"\n`);
    chmodSync(join(sb.dir, 'sign.sh'), 0o755);
    sshSigning(sb, dir, [['commit.gpgsign', 'true'], ['gpg.ssh.program', join(sb.dir, 'sign.sh')]]);
    writeFile(dir, 'src/extra.ts', 'export const limit = 3;\n');
    gitIn(sb, dir, ['add', 'src']);
    const refused = commit(sb, dir, ['-q', '-m', 'Add a limit']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /will be signed .* log the intent first, then commit: aura intent/s);
    assert.not.ok(existsSync(counter), 'refused before anything was signed');
    assert.is(aura(sb, dir, ['intent', 'Add a retry limit constant']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Add a limit']);
    assert.is(readFileSync(counter, 'utf8'), 'x\n', 'exactly one signature');
    assert.is(gitIn(sb, dir, ['verify-commit', 'HEAD'], { allowFail: true }).code, 0, 'HEAD is signed and verifies');
    assertLogged(sb, dir);
    assertClean(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('`git commit -S` without commit.gpgsign: refused without a pending intent (the shell fast path sees -S); with one, signed once and logged', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    sshSigning(sb, dir); // no commit.gpgsign: only -S signs
    writeFile(dir, 'src/extra.ts', 'export const limit = 3;\n');
    gitIn(sb, dir, ['add', 'src']);
    const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout;
    const refused = commit(sb, dir, ['-q', '-S', '-m', 'Add a limit']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /will be signed .* log the intent first, then commit: aura intent/s);
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout, head, 'nothing committed');
    assert.is(aura(sb, dir, ['intent', 'Add a retry limit constant']).code, 0);
    mustCommit(sb, dir, ['-q', '-S', '-m', 'Add a limit']);
    assert.is(gitIn(sb, dir, ['verify-commit', 'HEAD'], { allowFail: true }).code, 0, 'HEAD is signed and verifies');
    assertLogged(sb, dir);
    assertClean(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('an empty message is Git\'s to refuse (normal mode: strict refusals in intent-message.test); a generic one warns as ambiguous but commits', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    writeFile(dir, 'src/auth.ts', readFileSync(join(dir, 'src/auth.ts'), 'utf8').replace("'bad token'", "'invalid token'"));
    gitIn(sb, dir, ['add', 'src']);
    const empty = commit(sb, dir, ['-q', '-m', 'Signed-off-by: Alice Example <alice@example.ch>']);
    assert.is(empty.code, 1);
    assert.match(empty.stderr, /Aborting commit due to empty commit message/);
    assert.is(aura(sb, dir, ['intent', '   ']).code, 2);
    const wip = mustCommit(sb, dir, ['-q', '-m', 'wip']);
    assert.match(wip.stderr, /intent check — ambiguous/);
    assert.match(wip.stderr, /\? modified src\/auth\.ts:login — the intent "wip" is generic/);
    assertLogged(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test.run();
