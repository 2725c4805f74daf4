// The agent policy through real git (docs/governance.md): signed agent-policy entries set by
// admin keys; the hooks refuse an agent key's commit outside its paths, over its symbol
// budget, after its permission expired or was revoked, or deleting without a human
// authorization — in every mode; the entry records the rule it was checked against and what
// the agent declared; `verify --range` re-checks agent commits (POLICY_VIOLATION).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyRange } from '../lib/range/check';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertLogged, commit, edit, mustCommit, repoWithAuth, TS_BEFORE, worktreeLog } from './hooks-fixture';

const lastEntry = (dir: string, capability: string) => worktreeLog(dir).filter((e) => e.capability === capability).pop()!;

test('a non-admin key cannot change the agent policy; an admin can, and `agent policy` names the entry', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = addAgentKey(sb, dir, 'bot');
    const refused = aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--reason', 'self-service'], bot);
    assert.is(refused.code, 2);
    assert.match(refused.stderr, /not an admin key; only admin keys may sign agent-policy/);
    assert.match(refused.stderr, /only an admin key may change the agent policy/);
    assert.is(aura(sb, dir, ['agent', 'default', 'deny'], bot).code, 2);
    const ok = aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--deny', 'src/secret/**', '--max-symbols', '2', '--reason', 'refactoring bot']);
    assert.is(ok.code, 0, ok.stderr);
    const rule = lastEntry(dir, 'agent-policy');
    assert.equal([rule.action, rule.agent, rule.paths, rule.deny, rule.max_symbols, rule.may_add_files], ['allow', 'bot', ['src/**'], ['src/secret/**'], 2, false]);
    const shown = aura(sb, dir, ['agent', 'policy']);
    assert.match(shown.stdout, /default for agent keys without a rule: allow \(built-in/);
    assert.match(shown.stdout, new RegExp(`bot: paths src/\\*\\*; deny src/secret/\\*\\*; max 2 symbols; no new files \\(entry ${rule.id}`));
    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
  } finally {
    sb.cleanup();
  }
});

test('an agent commit inside its paths is logged with the rule and its declared provenance; outside, over budget, or a new file is refused', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = { ...addAgentKey(sb, dir, 'bot'), AURA_AGENT_MODEL: 'claude-sonnet-4', AURA_AGENT_SESSION: 'sess-42', CLAUDECODE: '1' };
    // default allow in a new log: the entry says it was checked against the built-in default
    edit(dir, 'src/auth.ts', "!token.includes(' ')", "!token.includes('\\t')");
    gitIn(sb, dir, ['add', '-A']);
    let e = (mustCommit(sb, dir, ['-q', '-m', 'Reject tabs in validate'], bot), assertLogged(sb, dir));
    assert.is(e.author.kind, 'agent');
    assert.is(e.agent_policy, null);
    assert.equal((e.author as any).agent, { model: 'claude-sonnet-4', session: 'sess-42', tool: 'claude-code' });

    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--max-symbols', '1', '--reason', 'r']).code, 0);
    const rule = lastEntry(dir, 'agent-policy');
    edit(dir, 'src/auth.ts', "token.length > 0", "token.length > 1");
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Require two characters in validate'], bot);
    e = assertLogged(sb, dir);
    assert.is(e.agent_policy, rule.hash, 'the entry names the policy entry it was checked against');

    writeFile(dir, 'docs/notes.md', '# notes\n');
    gitIn(sb, dir, ['add', '-A']);
    const outside = commit(sb, dir, ['-q', '-m', 'Add notes'], bot);
    assert.is(outside.code, 1, 'refused with strict mode off');
    assert.match(outside.stderr, /commit by agent "bot" REFUSED \(rule for bot \(entry in_/);
    assert.match(outside.stderr, new RegExp(`docs/notes\\.md — outside the paths of the rule for "bot" \\(src/\\*\\*; entry ${rule.id}\\)`));
    assert.match(outside.stderr, /aura agent allow 'bot' --paths 'src\/\*\*' --paths 'docs\/notes\.md' --max-symbols 1 --reason "…"   \(an admin key\)/);
    gitIn(sb, dir, ['reset', '-q']);

    writeFile(dir, 'src/extra.ts', 'export const x = 1;\n');
    gitIn(sb, dir, ['add', '-A']);
    const added = commit(sb, dir, ['-q', '-m', 'Add extra constant x'], bot);
    assert.is(added.code, 1);
    assert.match(added.stderr, /src\/extra\.ts — a new file, and the rule for "bot" .* does not allow adding files/);
    gitIn(sb, dir, ['rm', '-q', '--cached', 'src/extra.ts']);

    edit(dir, 'src/auth.ts', "token.length > 1", "token.length > 2");
    edit(dir, 'src/auth.ts', "return user;", "return user.trim();");
    gitIn(sb, dir, ['add', 'src/auth.ts']);
    const budget = commit(sb, dir, ['-q', '-m', 'Tighten validate and trim login user'], bot);
    assert.is(budget.code, 1);
    assert.match(budget.stderr, /2 changed symbols, over the budget of 1 of the rule for "bot"/);
    // the same change by the human admin goes through
    mustCommit(sb, dir, ['-q', '-m', 'Tighten validate and trim login user']);
    assertLogged(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('an agent deletion needs a human authorization even with strict mode off; revoked, expired and default-deny refuse', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = addAgentKey(sb, dir, 'bot');
    writeFile(dir, 'src/auth.ts', TS_BEFORE.replace(/export function validate[\s\S]*?\n}\n\n/, ''));
    gitIn(sb, dir, ['add', '-A']);
    const del = commit(sb, dir, ['-q', '-m', 'Remove validate'], bot);
    assert.is(del.code, 1);
    assert.match(del.stderr, /src\/auth\.ts:validate — an agent key may not delete without a human authorization/);
    assert.match(del.stderr, /aura intent authorize-delete 'src\/auth\.ts:validate'/);
    assert.is(aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:validate', '--reason', 'unused']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Remove validate'], bot);
    assertLogged(sb, dir);

    const until = new Date(Date.now() + 2500).toISOString();
    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--expires', until, '--reason', 'short job']).code, 0);
    const rule = lastEntry(dir, 'agent-policy');
    assert.match(aura(sb, dir, ['agent', 'policy']).stdout, /bot: paths src\/\*\*; no new files; (until|EXPIRED) /);
    while (Date.now() < Date.parse(until) + 100) spawnSleep(100);
    edit(dir, 'src/auth.ts', 'return user;', 'return user.trim().toLowerCase();');
    gitIn(sb, dir, ['add', '-A']);
    const expired = commit(sb, dir, ['-q', '-m', 'Lowercase the user in login'], bot);
    assert.is(expired.code, 1, expired.stderr + '\n' + aura(sb, dir, ['agent', 'policy']).stdout);
    assert.match(expired.stderr, new RegExp(`the rule for "bot" set by entry ${rule.id} expired at ${until.replace(/\./g, '\\.')}`));

    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--reason', 'back']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Lowercase the user in login'], bot);
    assert.is(aura(sb, dir, ['agent', 'revoke-permission', 'bot', '--reason', 'misbehaved']).code, 0);
    edit(dir, 'src/auth.ts', 'toLowerCase()', 'toUpperCase()');
    gitIn(sb, dir, ['add', '-A']);
    const revoked = commit(sb, dir, ['-q', '-m', 'Uppercase the user in login'], bot);
    assert.is(revoked.code, 1);
    assert.match(revoked.stderr, /the permission of "bot" was revoked by entry in_/);
    gitIn(sb, dir, ['reset', '-q', '--hard']);

    const other = addAgentKey(sb, dir, 'other-bot');
    assert.is(aura(sb, dir, ['agent', 'default', 'deny', '--reason', 'explicit grants only']).code, 0);
    edit(dir, 'src/auth.ts', 'toLowerCase()', 'toUpperCase()');
    gitIn(sb, dir, ['add', '-A']);
    const denied = commit(sb, dir, ['-q', '-m', 'Uppercase the user in login'], other);
    assert.is(denied.code, 1);
    assert.match(denied.stderr, /agent "other-bot" has no rule and the default for agent keys is deny \(entry in_/);
    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
  } finally {
    sb.cleanup();
  }
});

test('verify --range: a plain --no-verify agent commit is UNLOGGED_COMMIT; one logged past the hooks is POLICY_VIOLATION', async () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = addAgentKey(sb, dir, 'bot');
    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--may-add-files', '--reason', 'r']).code, 0);
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Record the agent policy'], {});
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    writeFile(dir, 'README.md', '# readme\n');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Add a readme'], bot);
    // the hooks' fast-path marker forged: post-commit logs the commit (and warns)
    writeFile(dir, 'docs/x.md', 'x\n');
    gitIn(sb, dir, ['add', '-A']);
    writeFileSync(join(dir, '.git/aura/deferred-check'), '');
    const forged = mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Add docs x'], bot);
    assert.match(forged.stderr, /WARNING: the agent policy or a blocking zone would have refused this commit/);
    assertLogged(sb, dir);
    const r = await verifyRange(`${base}..HEAD`, { cwd: dir, logPath: join(dir, '.aura/intent_log.jsonl') });
    assert.equal(r.findings.map((f) => f.category), ['UNLOGGED_COMMIT', 'POLICY_VIOLATION']);
    assert.match(r.findings[1].reason, /agent "bot" .*docs\/x\.md — outside the paths of the rule for "bot"/);
    const cli = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`]);
    assert.is(cli.code, 1);
    assert.match(cli.stdout + cli.stderr, /POLICY_VIOLATION/);
  } finally {
    sb.cleanup();
  }
});

function spawnSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test.run();
