// `aura intent check` (the dry run), `aura strict on --refuse-parse-errors` and
// `aura policy intent` through the real CLI and real git (issue 14 items 1, 2, 4, 5, 6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertLogged, commit, edit, mustCommit, repoWithAuth, stageFunction, worktreeLog } from './hooks-fixture';

const logBytes = (dir: string): string => JSON.stringify(worktreeLog(dir));

test('aura intent check: the staged change with --message, exit 0/1/2, --json, and nothing appended', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    stageFunction(sb, dir, 'backoff');
    const before = logBytes(dir);
    const ok = aura(sb, dir, ['intent', 'check', '--message', 'Add exponential backoff helper and update docs']);
    assert.is(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /intent check — consistent/);
    const lie = aura(sb, dir, ['intent', 'check', '--strict', '--json', '--message', 'fix typo']);
    assert.is(lie.code, 1);
    const j = JSON.parse(lie.stdout);
    assert.equal(Object.keys(j).sort(), ['blocked', 'findings', 'fixes', 'verdict']);
    assert.is(j.verdict, 'inconsistent');
    assert.is(j.blocked, true);
    assert.equal(Object.keys(j.findings[0]).sort(), ['change', 'path', 'reason', 'severity']);
    assert.ok(j.findings.some((f: { path: string }) => f.path === 'src/auth.ts:backoff'));
    // normal mode: the same lie is reported but would not be refused
    assert.is(aura(sb, dir, ['intent', 'check', '--message', 'fix typo']).code, 0);
    assert.is(aura(sb, dir, ['intent', 'check']).code, 2, 'no pending intent and no --message');
    assert.is(aura(sb, dir, ['intent', 'check', 'HEAD', 'HEAD~1']).code, 2);
    assert.is(aura(sb, dir, ['intent', 'check', '--bogus']).code, 2);
    writeFile(sb.dir, 'msg.txt', '#482 Add backoff\n');
    const file = aura(sb, dir, ['intent', 'check', '--json', '-F', join(sb.dir, 'msg.txt')]);
    assert.is(JSON.parse(file.stdout).verdict, 'consistent');
    assert.is(logBytes(dir), before, 'the dry run appends nothing');
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, 'M  src/auth.ts\n', 'and leaves the index alone');
  } finally {
    sb.cleanup();
  }
});

test('aura intent check REV re-checks a commit with its own message; `aura intent -- check` logs the word "check"', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    edit(dir, 'src/auth.ts', "token.length > 0", 'token.length >= 0');
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Fix typo']); // strict mode is off: committed with a warning
    assert.is(aura(sb, dir, ['intent', 'check', 'HEAD']).code, 0);
    const strict = aura(sb, dir, ['intent', 'check', 'HEAD', '--strict']);
    assert.is(strict.code, 1);
    assert.match(strict.stdout, /✗ modified +src\/auth\.ts:validate — the intent claims the whole change is cosmetic/);
    assert.is(aura(sb, dir, ['intent', 'check', 'HEAD~1', '--strict']).code, 0);

    const pend = aura(sb, dir, ['intent', '--', 'check']);
    assert.is(pend.code, 0, pend.stderr);
    assert.match(aura(sb, dir, ['intent']).stdout, /pending intent .*: check$/m);
    stageFunction(sb, dir, 'backoff');
    const r = aura(sb, dir, ['intent', 'check', '--json']);
    assert.is(JSON.parse(r.stdout).verdict, 'consistent', 'the dry run takes the pending intent');
  } finally {
    sb.cleanup();
  }
});

test('strict mode: a typo fix in a string literal passes, through real git; the same words over logic are refused', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    edit(dir, 'src/auth.ts', "'bad token'", "'bad tokne'");
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Add a typo on purpose']);
    edit(dir, 'src/auth.ts', "'bad tokne'", "'bad token'");
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    const fixed = mustCommit(sb, dir, ['-q', '-m', 'Fix typo in error message']);
    assert.match(fixed.stderr, /intent check — consistent/);
    assertLogged(sb, dir);
    edit(dir, 'src/auth.ts', "token.length > 0", 'token.length >= 0');
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    const refused = commit(sb, dir, ['-q', '-m', 'Fix typo in error message']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /commit refused by strict mode/);
  } finally {
    sb.cleanup();
  }
});

test('a file that does not parse: its symbols are not deletions (file:line reported); --refuse-parse-errors refuses it', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    edit(dir, 'src/auth.ts', "return user;\n}", 'return user;\n'); // login loses its closing brace
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    const dry = aura(sb, dir, ['intent', 'check', '--message', 'Start the login rewrite']);
    assert.is(dry.code, 0, dry.stdout);
    assert.match(dry.stdout, /intent check — ambiguous/);
    assert.match(dry.stdout, /src\/auth\.ts:\d+:\d+/);
    const on = aura(sb, dir, ['strict', 'on', '--refuse-parse-errors']);
    assert.is(on.code, 0, on.stderr);
    assert.match(aura(sb, dir, ['status']).stdout, /strict: +ON, refusing unparsable source files/);
    const refused = commit(sb, dir, ['-q', '-m', 'Start the login rewrite']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /fix the syntax error at src\/auth\.ts:\d+:\d+/);
    assert.is(aura(sb, dir, ['strict', 'on', '--allow-parse-errors']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Start the login rewrite']);
    assertLogged(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('aura policy intent: an admin-signed convention, enforced in normal mode too, shown by status, never skipped by the hint', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = addAgentKey(sb, dir, 'bot');
    const denied = aura(sb, dir, ['policy', 'intent', '--require-pattern', '^fix: '], bot);
    assert.not.equal(denied.code, 0);
    assert.match(denied.stderr, /admin/);
    assert.is(aura(sb, dir, ['policy', 'intent', '--require-pattern', '']).code, 2, 'a pattern that matches everything says nothing');
    assert.is(aura(sb, dir, ['policy', 'intent', '--require-pattern', '(']).code, 2);
    const set = aura(sb, dir, ['policy', 'intent', '--require-pattern', '^(feat|fix|docs|chore)(\\(.+\\))?: |#\\d+', '--message', 'use a Conventional Commits type or name a ticket']);
    assert.is(set.code, 0, set.stderr);
    assert.match(aura(sb, dir, ['status']).stdout, /convention: intents must match \/\^\(feat\|fix\|docs\|chore\).* — use a Conventional Commits type/);
    assert.match(aura(sb, dir, ['status']).stdout, /strict: +off/, 'strict mode stays off');
    stageFunction(sb, dir, 'backoff');
    const refused = commit(sb, dir, ['-q', '-m', 'Add backoff']);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /refused by this repository's intent convention/);
    assert.match(refused.stderr, /use a Conventional Commits type or name a ticket/);
    mustCommit(sb, dir, ['-q', '-m', 'feat: add backoff']);
    assertLogged(sb, dir);
    assert.not.ok(existsSync(join(dir, '.git', 'aura', 'policy-ok')), 'no hint lets commit-msg skip the convention');
    edit(dir, 'src/auth.ts', /$/, '\n// more\n');
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    assert.is(commit(sb, dir, ['-q', '-m', 'More comments']).code, 1, 'still enforced on the next commit');
    mustCommit(sb, dir, ['-q', '-m', '#482 More comments']);
    // strict on keeps the convention (the policy object is spread), and clearing it keeps strict
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    assert.match(aura(sb, dir, ['policy', 'intent']).stdout, /intent convention: \//);
    assert.is(aura(sb, dir, ['policy', 'intent', '--clear']).code, 0);
    assert.match(aura(sb, dir, ['status']).stdout, /strict: +ON/);
    assert.not.match(aura(sb, dir, ['status']).stdout, /convention:/);
  } finally {
    sb.cleanup();
  }
});

test.run();
