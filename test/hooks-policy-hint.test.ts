// The commit-msg fast path (lib/hooks/policy-cache.ts): with strict mode off at an unchanged
// log, commit-msg skips Node and post-commit checks the commit made; any change to the log
// makes the hint stale; a forged hint cannot hide a strict-mode violation from the log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, commit, mustCommit, repoWithAuth } from './hooks-fixture';

test('strict off: the hint is written after each commit and the deferred check still reports and logs', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const hint = join(dir, '.git/aura/policy-ok');
    assert.ok(existsSync(hint));
    const log = join(dir, '.aura/intent_log.jsonl'); // a temp path: no glob characters to escape
    assert.is(readFileSync(hint, 'utf8'), `${statSync(log).size}\n${log}\n\n${log}\n`); // no AURA_KEY; the path as a find pattern
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const r = mustCommit(sb, dir, ['-q', '-m', 'Tidy up']);
    // the report comes from post-commit (after the commit exists), still naming each symbol
    assert.match(r.stderr, /intent check — inconsistent/);
    assert.match(r.stderr, /✗ removed +src\/auth\.ts:validate/);
    assert.not.ok(existsSync(join(dir, '.git/aura/deferred-check')), 'the marker is consumed');
    assertLogged(sb, dir);
    assertClean(sb, dir);
    // commit-msg took its fast path (the shell alone): its marker, left for a post-commit that does not run now
    const postCommit = join(dir, '.git/hooks/post-commit');
    renameSync(postCommit, postCommit + '.aside');
    writeFile(dir, 'notes.txt', 'a note\n');
    gitIn(sb, dir, ['add', 'notes.txt']);
    mustCommit(sb, dir, ['-q', '-m', 'Add a note']);
    assert.ok(existsSync(join(dir, '.git/aura/deferred-check')), 'the hint was read as fresh');
  } finally {
    sb.cleanup();
  }
});

test('a changed log makes the hint stale (strict on refuses at once); a forged hint is caught and logged', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0); // appends: the hint no longer matches
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const refused = commit(sb, dir, ['-q', '-m', 'Tidy up']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /commit refused by strict mode/);
    // forge a fresh hint for the current log: the commit goes through (like --no-verify would),
    // but post-commit reads the signed policy, says so, and the entry records it
    const log = join(dir, '.aura/intent_log.jsonl');
    writeFileSync(join(dir, '.git/aura/policy-ok'), `${statSync(log).size}\n${log}\n\n${log}\n`);
    const forged = commit(sb, dir, ['-q', '-m', 'Tidy up']);
    assert.is(forged.code, 0);
    assert.match(forged.stderr, /WARNING: strict mode would have refused this commit/);
    const e = assertLogged(sb, dir);
    assert.is(e.intent, 'Tidy up');
    assert.not.ok(existsSync(join(dir, '.git/aura/policy-ok')), 'no hint while strict mode is on');
  } finally {
    sb.cleanup();
  }
});

test('without find on PATH (a minimal image), the hint is never taken as fresh: strict mode refuses', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.ok(existsSync(join(dir, '.git/aura/policy-ok')));
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0); // the hint is stale now
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    // a PATH with what the hooks run, and no find
    const bin = join(sb.dir, 'bin-without-find');
    mkdirSync(bin);
    for (const tool of ['git', 'grep', 'node', 'bash', 'sh']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      symlinkSync(found, join(bin, tool));
    }
    const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout;
    const refused = commit(sb, dir, ['-q', '-m', 'Tidy up'], { PATH: bin });
    assert.is(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /commit refused by strict mode/);
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout, head, 'nothing committed');
  } finally {
    sb.cleanup();
  }
});

test('a log whose size changed is stale even with an old time, also under a path holding glob characters', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb, 're[po] *?');
    const log = join(dir, '.aura/intent_log.jsonl');
    const hint = join(dir, '.git/aura/policy-ok');
    assert.ok(readFileSync(hint, 'utf8').endsWith(`\n${log.replace(/[\\*?[]/g, '\\$&')}\n`), 'the pattern line escapes [ * ?');
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    // as if the append had landed within the same clock tick as the hint: only the size tells
    const old = statSync(hint).mtime;
    utimesSync(log, old, old);
    writeFileSync(hint, readFileSync(hint, 'utf8').replace(/^\d+/, String(statSync(log).size - 1))); // the size before the append
    utimesSync(hint, old, old);
    gitIn(sb, dir, ['rm', '-q', 'src/auth.ts']);
    const refused = commit(sb, dir, ['-q', '-m', 'Tidy up']);
    assert.is(refused.code, 1, 'commit-msg ran: the hint was stale');
    assert.match(refused.stderr, /commit refused by strict mode/);
  } finally {
    sb.cleanup();
  }
});

test('a clone: init with a new key warns that an admin must register it, naming the command', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const clone = join(sb.dir, 'clone');
    gitIn(sb, sb.dir, ['clone', '-q', dir, clone]);
    const bob = { HOME: join(sb.dir, 'bob'), XDG_CONFIG_HOME: join(sb.dir, 'bob', '.config') };
    writeFile(sb.dir, 'bob/.gitconfig', '[user]\n\tname = Bob\n\temail = bob@example.ch\n');
    const r = aura(sb, clone, ['init'], bob);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /your key "bob@example.ch" is not registered in this log/);
    assert.match(r.stdout, /An admin runs: aura key add ed25519:[0-9a-f]{64} --id "bob@example.ch" --kind human/);
  } finally {
    sb.cleanup();
  }
});

test.run();
