// The secret scan in the commit path (lib/hooks/secret-gate.ts), through real `git commit`s:
// a fake credential refuses the commit (file, line, rule, masked excerpt; never the secret),
// a human key's override lets it through and the commit entry lists it, agent keys cannot
// override, an admin policy entry turns scanning off, and partial commits scan the index Git
// gives the hook (GIT_INDEX_FILE), not the working tree or the main index.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertClean, assertLogged, auraRepo, commit, commitFile, mustCommit, worktreeLog } from './hooks-fixture';
import { positives } from '../bench/secrets/labelled';

const stripe = positives().find((s) => s.label === 'stripe')!.text; // Stripe.api_key = "sk_live_…"
const secretOf = (text: string): string => /"(sk_live_[A-Za-z0-9]+)"/.exec(text)![1];
const FILE = 'server/päy ments.rb'; // a space and non-ASCII in the path

function refusedWith(r: { code: number; stderr: string }): string {
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /secret scan — 1 possible secret in the staged changes: commit refused/);
  return /(sfp_[0-9a-f]{24})/.exec(r.stderr)![1];
}

test('a staged fake credential refuses the commit, masked; an override by a human key lets it through and is listed', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'README.md', '# app\n', 'Start the app');
    const logBefore = JSON.stringify(worktreeLog(dir));
    writeFile(dir, FILE, `# payments\n${stripe}`);
    gitIn(sb, dir, ['add', '--', FILE]);
    const r = commit(sb, dir, ['-q', '-m', 'Charge cards through Stripe']);
    const fp = refusedWith(r);
    assert.ok(r.stderr.includes(`${FILE}:2:19  gitleaks/stripe-access-token  ${fp}`), r.stderr);
    assert.match(r.stderr, /Stripe\.api_key = "sk_l…\(32 chars\)"/);
    const secret = secretOf(stripe);
    assert.not.ok(r.stderr.includes(secret.slice(4)), 'the secret is never printed');
    assert.is(JSON.stringify(worktreeLog(dir)), logBefore, 'nothing was logged');
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '1');

    // `aura secret scan` shows the same finding without committing
    const scan = aura(sb, dir, ['secret', 'scan']);
    assert.is(scan.code, 1);
    assert.ok(scan.stdout.includes(fp));

    const allow = aura(sb, dir, ['secret', 'allow', fp, '--reason', 'revoked test-mode key kept for the fixture', '--expires', '7d']);
    assert.is(allow.code, 0, allow.stderr);
    const override = worktreeLog(dir).pop()!;
    assert.is(override.capability, 'secret-override');
    assert.is(override.rule, 'gitleaks/stripe-access-token');
    assert.is(override.path, FILE);
    assert.match(override.fingerprint as string, /^[0-9a-f]{64}$/);
    assert.ok(typeof override.expires === 'string');
    const line = JSON.stringify(override);
    assert.not.ok(line.includes(fp) || line.includes(secret.slice(8)), 'the entry holds neither the secret nor its unsalted fingerprint');

    const ok = mustCommit(sb, dir, ['-q', '-m', 'Charge cards through Stripe']);
    assert.match(ok.stderr, /allowed by override/);
    const entry = assertLogged(sb, dir);
    assert.equal(entry.secret_overrides, [override.hash]);
    assertClean(sb, dir);
    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
  } finally {
    sb.cleanup();
  }
});

test('agent keys cannot override; a partial commit scans only what it commits (GIT_INDEX_FILE)', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'README.md', '# app\n', 'Start the app');
    const agent = addAgentKey(sb, dir, 'bot');
    writeFile(dir, 'pay.rb', stripe);
    gitIn(sb, dir, ['add', 'pay.rb']);
    const fp = refusedWith(commit(sb, dir, ['-q', '-m', 'Add payments']));
    const denied = aura(sb, dir, ['secret', 'allow', fp, '--reason', 'mine'], agent);
    assert.is.not(denied.code, 0, denied.stderr);
    assert.match(denied.stderr, /agent key: an agent can never override the secret scan/);
    assert.not.ok(worktreeLog(dir).some((e) => e.capability === 'secret-override'));

    // `git commit README.md` commits through a temporary index without pay.rb: no finding
    writeFile(dir, 'README.md', '# app\n\nUsage.\n');
    mustCommit(sb, dir, ['-q', '-m', 'Document usage', 'README.md']);
    assertLogged(sb, dir);
    assert.is(gitIn(sb, dir, ['diff', '--cached', '--name-only']).stdout.trim(), 'pay.rb', 'pay.rb is still staged, not committed');
  } finally {
    sb.cleanup();
  }
});

test('turning scanning off is a signed admin policy field that keeps the rest of the policy; a pending intent path scans too', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'README.md', '# app\n', 'Start the app');
    // pre-commit's own path (a pending intent) refuses before it appends
    writeFile(dir, 'pay.rb', stripe);
    gitIn(sb, dir, ['add', 'pay.rb']);
    assert.is(aura(sb, dir, ['intent', 'Add payments']).code, 0);
    const n = worktreeLog(dir).length;
    refusedWith(commit(sb, dir, ['-q', '-m', 'Add payments']));
    assert.is(worktreeLog(dir).length, n, 'pre-commit appended nothing');

    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    const off = aura(sb, dir, ['secret', 'scanning', 'off', '--reason', 'scanning runs in CI instead']);
    assert.is(off.code, 0, off.stderr);
    const policy = worktreeLog(dir).pop()!;
    assert.is(policy.capability, 'policy');
    assert.equal(policy.policy, { strict: true, secret_scan: false });
    const agent = addAgentKey(sb, dir, 'bot');
    const notAdmin = aura(sb, dir, ['secret', 'scanning', 'on'], agent);
    assert.is.not(notAdmin.code, 0);
    assert.match(notAdmin.stderr, /only an admin key may change the policy/);
    mustCommit(sb, dir, ['-q', '-m', 'Add payments']);
    assertLogged(sb, dir);
  } finally {
    sb.cleanup();
  }
});

test('[secrets] exclude and disabled_rules in .aura/config.toml; a secret already in the file is not this change\'s', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    writeFile(dir, '.aura/config.toml', '[secrets]\nexclude = ["fixtures/**"]\ndisabled_rules = ["gitleaks/twilio-api-key"]\n');
    commitFile(sb, dir, 'README.md', '# app\n', 'Start the app');
    commitFile(sb, dir, 'fixtures/pay.rb', stripe, 'Add the payments fixture');
    commitFile(sb, dir, 'sms.py', positives().find((s) => s.label === 'twilio')!.text, 'Send SMS');
    // pre-existing: with the check off (--no-verify) the secret lands; editing another line later is not refused
    writeFile(dir, 'pay.rb', stripe);
    gitIn(sb, dir, ['add', 'pay.rb']);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'Add payments']);
    writeFile(dir, 'pay.rb', `# payments\n${stripe}`);
    gitIn(sb, dir, ['add', 'pay.rb']);
    mustCommit(sb, dir, ['-q', '-m', 'Comment the payments file']);
  } finally {
    sb.cleanup();
  }
});


test('the shell pre-filter fails closed: when its file of added lines cannot be written, Node scans, and the secret is refused', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'README.md', '# app\n', 'Start the app');
    // a directory where hooks/dispatch.sh writes the staged added lines: its `>` and its greps fail
    mkdirSync(join(dir, '.git', 'aura', 'staged-added-lines', 'x'), { recursive: true });
    writeFile(dir, FILE, `# payments\n${stripe}`);
    gitIn(sb, dir, ['add', '--', FILE]);
    refusedWith(commit(sb, dir, ['-q', '-m', 'Charge cards through Stripe']));
    assert.is(gitIn(sb, dir, ['rev-list', '--count', 'HEAD']).stdout.trim(), '1');
  } finally {
    sb.cleanup();
  }
});

test.run();
