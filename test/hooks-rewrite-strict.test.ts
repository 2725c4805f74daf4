// Rewritten commits under strict mode and commit signing (docs/hooks.md, "Rewritten commits"):
// a rebased authorized deletion keeps its authorization; a delta changed by a conflict
// resolution is checked anew (with the superseded entry's authorization open again), and a
// refused one is left unlogged and said so; commits git signed are signed again and logged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertRewrittenOk, commitFile, edit, fn, mustCommit, repoWithAuth, worktreeLog } from './hooks-fixture';

const LOGIN_ONLY = "export function login(user: string, token: string): string {\n  return user;\n}\n";
const AUDIT = '\nexport function audit(): number {\n  return 1;\n}\n';

test('strict mode: a rebased authorized deletion keeps its authorization; a changed delta is checked anew; a refused one is not logged', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    commitFile(sb, dir, 'src/c.ts', fn('c', 1), 'Add c');
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    writeFile(dir, 'src/auth.ts', LOGIN_ONLY);
    gitIn(sb, dir, ['add', 'src']);
    assert.is(aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:validate', '--reason', 'the gateway validates tokens']).code, 0);
    const auth = worktreeLog(dir).pop()!;
    mustCommit(sb, dir, ['-q', '-m', 'Login no longer checks tokens: the gateway does']);
    const original = assertRewrittenOk(sb, dir, 'main')[0];
    assert.equal(original.authorizations, [auth.hash]);

    gitIn(sb, dir, ['checkout', '-q', 'main']);
    commitFile(sb, dir, 'src/d.ts', fn('d', 2), 'Add d');
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const clean = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(clean.code, 0, clean.stderr);
    const [same] = assertRewrittenOk(sb, dir, 'main');
    assert.is(same.supersedes, original.hash);
    assert.is(same.ast_delta_hash, original.ast_delta_hash);
    assert.equal(same.authorizations, [auth.hash], 'the same delta keeps the authorization it was given');

    // main changes login too (and adds audit): the rebase stops on a conflict, resolved by hand
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    edit(dir, 'src/auth.ts', '  return user;', '  return user.trim();');
    writeFile(dir, 'src/auth.ts', readFileSync(join(dir, 'src/auth.ts'), 'utf8') + AUDIT);
    gitIn(sb, dir, ['add', 'src']);
    mustCommit(sb, dir, ['-q', '-m', 'Login trims the user name; add audit']);
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const stop = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is.not(stop.code, 0, 'conflict');
    writeFile(dir, 'src/auth.ts', LOGIN_ONLY.replace('return user;', 'return user.trim();') + AUDIT);
    gitIn(sb, dir, ['add', 'src']);
    const cont = gitIn(sb, dir, ['rebase', '--continue'], { allowFail: true, env: { GIT_EDITOR: 'true' } });
    assert.is(cont.code, 0, cont.stderr);
    const [changed] = assertRewrittenOk(sb, dir, 'main');
    assert.is.not(changed.ast_delta_hash, same.ast_delta_hash, 'the resolution changed the delta');
    assert.is(changed.supersedes, same.hash);
    assert.equal(changed.authorizations, [auth.hash], 'checked anew, with the superseded entry\'s authorization open again');

    // the same conflict resolved into a deletion nobody authorized: refused, left unlogged, said so
    gitIn(sb, dir, ['reset', '-q', '--hard', 'ORIG_HEAD']);
    assert.is.not(gitIn(sb, dir, ['rebase', 'main'], { allowFail: true }).code, 0);
    writeFile(dir, 'src/auth.ts', LOGIN_ONLY.replace('return user;', 'return user.trim();')); // audit dropped
    gitIn(sb, dir, ['add', 'src']);
    const refused = gitIn(sb, dir, ['rebase', '--continue'], { allowFail: true, env: { GIT_EDITOR: 'true' } });
    assert.is(refused.code, 0, 'git has made the commit: it cannot be stopped any more');
    assert.match(refused.stderr, /✗ removed +src\/auth\.ts:audit/);
    assert.match(refused.stderr, /NOT logged: strict mode refuses it/);
    const log = aura(sb, dir, ['audit', 'verify']);
    assert.is(log.code, 3, 'intact, but the pre-rebase entries wait for the next entry to join them');
    assert.match(log.stdout + log.stderr, /FORK/);
    const range = aura(sb, dir, ['audit', 'verify', '--range', 'main..HEAD']);
    assert.is.not(range.code, 0);
    assert.match(range.stdout + range.stderr, /UNLOGGED_COMMIT/);
    assert.not.match(gitIn(sb, dir, ['log', '-1', '--format=%B']).stdout, /Aura-Intent/, 'no trailer claims an entry it does not have');
    // the way out the message names: authorize, then log the commit again
    for (const target of ['src/auth.ts:audit', 'src/auth.ts:validate']) {
      assert.is(aura(sb, dir, ['intent', 'authorize-delete', target, '--reason', 'login moved to the gateway']).code, 0);
    }
    mustCommit(sb, dir, ['-q', '--amend', '--no-edit']);
    assertRewrittenOk(sb, dir, 'main');
  } finally {
    sb.cleanup();
  }
});

test('signed commits (commit.gpgsign, ssh): rebased and cherry-picked commits are signed again and logged', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const key = join(sb.home, 'id_ed25519');
    const kg = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice', '-f', key]);
    assert.is(kg.status, 0, String(kg.stderr));
    writeFileSync(join(sb.home, 'allowed'), `alice@example.ch ${readFileSync(key + '.pub', 'utf8')}`);
    for (const [k, v] of [['gpg.format', 'ssh'], ['user.signingkey', key + '.pub'], ['commit.gpgsign', 'true'], ['gpg.ssh.allowedSignersFile', join(sb.home, 'allowed')]]) {
      gitIn(sb, dir, ['config', k, v]);
    }
    const signedCommit = (rel: string, content: string, message: string) => {
      assert.is(aura(sb, dir, ['intent', message]).code, 0);
      commitFile(sb, dir, rel, content, message);
    };
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    signedCommit('src/b1.ts', fn('b1', 1), 'Add b1');
    signedCommit('src/b2.ts', fn('b2', 2), 'Add b2');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    signedCommit('src/c.ts', fn('c', 3), 'Add c');
    gitIn(sb, dir, ['checkout', '-q', 'topic']);
    const r = gitIn(sb, dir, ['rebase', 'main'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    assertRewrittenOk(sb, dir, 'main');
    assert.is(gitIn(sb, dir, ['log', '--format=%G?', 'main..HEAD']).stdout, 'G\nG\n', 'both rebased commits carry a good signature');
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    const cp = gitIn(sb, dir, ['cherry-pick', 'topic~1'], { allowFail: true });
    assert.is(cp.code, 0, cp.stderr);
    assertRewrittenOk(sb, dir, 'HEAD~1');
    assert.is(gitIn(sb, dir, ['log', '-1', '--format=%G?']).stdout, 'G\n');
  } finally {
    sb.cleanup();
  }
});

test.run();
