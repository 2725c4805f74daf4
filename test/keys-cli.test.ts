// Keys and trust through the real CLI: key files, AURA_KEY, genesis, key add / revoke by admin
// and non-admin keys, and the rule that a private key never shows up anywhere.
import { appendFileSync, chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, newRepo, Run, sandbox, Sandbox } from './helpers/env';

const keysDirOf = (sb: Sandbox) => join(sb.home, '.config', 'aura', 'keys');
const PUB = /public key\s+(ed25519:[0-9a-f]{64})/;
const FILE = /file\s+(\S+\.json)/;

function initKey(sb: Sandbox, cwd: string, args: string[]): { pubkey: string; file: string; run: Run } {
  const run = aura(sb, cwd, ['key', 'init', ...args]);
  assert.is(run.code, 0, run.stderr);
  return { pubkey: PUB.exec(run.stdout)![1], file: FILE.exec(run.stdout)![1], run };
}

const logLines = (repo: string) => readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

test('key init: 0600 key file in a 0700 directory; first key is the default; private key never printed', () => {
  const sb = sandbox();
  try {
    const { pubkey, file, run } = initKey(sb, sb.dir, []);
    assert.match(run.stdout, 'created human key alice@example.ch'); // id from git config user.email
    assert.ok(file.startsWith(keysDirOf(sb) + '/'));
    assert.is(statSync(file).mode & 0o777, 0o600);
    assert.is(statSync(keysDirOf(sb)).mode & 0o777, 0o700);
    const k = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal([k.version, k.key_id, k.kind, k.public_key], [1, 'alice@example.ch', 'human', pubkey]);
    assert.match(k.private_key, /^[0-9a-f]{64}$/);
    assert.not.match(run.stdout + run.stderr, k.private_key);
    assert.match(run.stdout, 'default     yes');
    // a second key does not take over the default…
    const bot = initKey(sb, sb.dir, ['--agent', 'ci-bot']);
    assert.match(bot.run.stdout, 'created agent key ci-bot');
    assert.match(bot.run.stdout, 'default     no');
    assert.is(readFileSync(join(keysDirOf(sb), 'default'), 'utf8').trim(), file.split('/').pop());
    // …unless asked to
    const third = initKey(sb, sb.dir, ['--id', 'alice2@example.ch', '--default']);
    assert.is(readFileSync(join(keysDirOf(sb), 'default'), 'utf8').trim(), third.file.split('/').pop());
    // the same id again (a rotated key) is a second file, not an overwrite
    const rotated = initKey(sb, sb.dir, []);
    assert.is.not(rotated.file, file);
    assert.is(JSON.parse(readFileSync(file, 'utf8')).public_key, pubkey);
    // outside a repository: the local keys only, the default one marked
    const list = aura(sb, sb.dir, ['key', 'list']);
    assert.is(list.code, 0, list.stderr);
    assert.is(list.stdout.split('\n').filter((l) => / (human|agent)  ed25519:/.test(l)).length, 4);
    assert.match(list.stdout, `* alice2@example.ch  human  ${third.pubkey}  (default)\n    ${third.file}`);
    assert.not.match(list.stdout, 'keys registered in');
    assert.not.match(list.stdout, k.private_key);
  } finally {
    sb.cleanup();
  }
});

test('key init: no id available, conflicting options', () => {
  const sb = sandbox();
  try {
    const noEmail = aura(sb, sb.dir, ['key', 'init'], { GIT_CONFIG_GLOBAL: '/dev/null' });
    assert.is(noEmail.code, 2);
    assert.match(noEmail.stderr, 'git config user.email is not set');
    assert.match(noEmail.stderr, '--id');
    const both = aura(sb, sb.dir, ['key', 'init', '--agent', 'a', '--id', 'b']);
    assert.is(both.code, 2);
    assert.match(both.stderr, 'usage: aura key init');
  } finally {
    sb.cleanup();
  }
});

test('key add / revoke: admin may, others are refused; statuses in key list; log verifies', () => {
  const sb = sandbox();
  try {
    const repo = newRepo(sb);
    const alice = initKey(sb, repo, []);
    const bot = initKey(sb, repo, ['--agent', 'ci-bot']);
    const carol = initKey(sb, repo, ['--id', 'carol@example.ch']);

    // first key-add starts the log with a genesis naming the active (default) key as admin
    const add = aura(sb, repo, ['key', 'add', bot.pubkey, '--id', 'ci-bot', '--kind', 'agent']);
    assert.is(add.code, 0, add.stderr);
    assert.match(add.stdout, 'started the intent log');
    assert.match(add.stdout, `added agent key ci-bot: ${bot.pubkey}`);
    let lines = logLines(repo);
    assert.is(lines.length, 2);
    assert.equal([lines[0].capability, lines[0].key, lines[0].key_id, lines[0].key_kind, lines[0].roles, lines[0].parents], ['genesis', alice.pubkey, 'alice@example.ch', 'human', ['admin'], []]);
    assert.equal([lines[1].capability, lines[1].key, lines[1].key_id, lines[1].key_kind, lines[1].roles, lines[1].parents], ['key-add', bot.pubkey, 'ci-bot', 'agent', [], [lines[0].hash]]);
    assert.is(lines[1].author.pubkey, alice.pubkey);
    assert.match(lines[1].intent, 'add agent key ci-bot');

    // a registered non-admin key is refused, and nothing is written
    const before = readFileSync(join(repo, '.aura', 'intent_log.jsonl'));
    const byBot = aura(sb, repo, ['key', 'add', carol.pubkey, '--id', 'carol@example.ch', '--kind', 'human'], { AURA_KEY: bot.file });
    assert.is(byBot.code, 1);
    assert.match(byBot.stderr, 'refused: the active key ci-bot');
    assert.match(byBot.stderr, 'not an admin key');
    // an unregistered key is refused too
    const byCarol = aura(sb, repo, ['key', 'revoke', 'ci-bot', '--reason', 'x'], { AURA_KEY: carol.file });
    assert.is(byCarol.code, 1);
    assert.match(byCarol.stderr, 'not registered');
    assert.ok(readFileSync(join(repo, '.aura', 'intent_log.jsonl')).equals(before), 'refusals write nothing');

    // adding twice is refused; an admin key can be added
    const twice = aura(sb, repo, ['key', 'add', bot.pubkey, '--id', 'ci-bot', '--kind', 'agent']);
    assert.is(twice.code, 1);
    assert.match(twice.stderr, 'already registered');
    const addCarol = aura(sb, repo, ['key', 'add', carol.pubkey, '--id', 'carol@example.ch', '--kind', 'human', '--admin']);
    assert.is(addCarol.code, 0, addCarol.stderr);
    assert.equal(logLines(repo)[2].roles, ['admin']);

    // revoke by key id, signed by the second admin selected with AURA_KEY
    const rev = aura(sb, repo, ['key', 'revoke', 'ci-bot', '--reason', 'token leaked'], { AURA_KEY: carol.file });
    assert.is(rev.code, 0, rev.stderr);
    assert.match(rev.stdout, `revoked agent key ci-bot: ${bot.pubkey}`);
    lines = logLines(repo);
    assert.equal([lines[3].capability, lines[3].key, lines[3].reason, lines[3].author.pubkey], ['key-revoke', bot.pubkey, 'token leaked', carol.pubkey]);
    const again = aura(sb, repo, ['key', 'revoke', bot.pubkey, '--reason', 'again']);
    assert.is(again.code, 1);
    assert.match(again.stderr, 'already revoked');

    // key list: the active key marked, every key's standing in this log
    const list = aura(sb, repo, ['key', 'list'], { AURA_KEY: carol.file });
    assert.is(list.code, 0, list.stderr);
    assert.match(list.stdout, `* carol@example.ch  human  ${carol.pubkey}  (AURA_KEY)  admin in this log`);
    assert.match(list.stdout, `  alice@example.ch  human  ${alice.pubkey}  (default)  admin in this log`);
    assert.match(list.stdout, `  ci-bot  agent  ${bot.pubkey}  revoked in this log`);
    assert.match(list.stdout, `ci-bot  agent  revoked  ${bot.pubkey}  (revoked `);

    // the last admin cannot be revoked; revoking one of two is fine
    assert.is(aura(sb, repo, ['key', 'revoke', 'alice@example.ch', '--reason', 'left'], { AURA_KEY: carol.file }).code, 0);
    const last = aura(sb, repo, ['key', 'revoke', carol.pubkey, '--reason', 'x'], { AURA_KEY: carol.file });
    assert.is(last.code, 1);
    assert.match(last.stderr, 'last admin key');
    // a revoked admin can no longer add keys
    const dave = initKey(sb, repo, ['--id', 'dave@example.ch']);
    const byRevoked = aura(sb, repo, ['key', 'add', dave.pubkey, '--id', 'dave@example.ch', '--kind', 'human']);
    assert.is(byRevoked.code, 1);
    assert.match(byRevoked.stderr, 'refused: the active key alice@example.ch');
    assert.match(byRevoked.stderr, 'revoked');

    // the result is a log an independent check accepts
    const verify = aura(sb, repo, ['audit', 'verify']);
    assert.is(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, 'OK');

    // no private key anywhere in the repository (log, config, git objects…)
    const seeds = [alice, bot, carol, dave].map((k) => JSON.parse(readFileSync(k.file, 'utf8')).private_key as string);
    for (const f of walk(repo)) {
      const content = readFileSync(f);
      for (const s of seeds) {
        assert.not.ok(content.includes(s), `private key in ${f}`);
        assert.not.ok(content.includes(Buffer.from(s, 'hex')), `raw private key in ${f}`);
      }
    }
  } finally {
    sb.cleanup();
  }
});

test('bad key input: not a public key, group-readable key file, agent key starting a log, no key', () => {
  const sb = sandbox();
  try {
    const repo = newRepo(sb);
    const none = aura(sb, repo, ['key', 'add', 'ed25519:' + 'ab'.repeat(32), '--id', 'x', '--kind', 'human']);
    assert.is(none.code, 2);
    assert.match(none.stderr, 'no aura key');
    assert.match(none.stderr, 'run: aura key init');

    const bot = initKey(sb, repo, ['--agent', 'ci-bot']);
    const notKey = aura(sb, repo, ['key', 'add', 'ed25519:1234', '--id', 'x', '--kind', 'human']);
    assert.is(notKey.code, 2);
    assert.match(notKey.stderr, 'is not an Ed25519 public key');
    const agentGenesis = aura(sb, repo, ['key', 'add', 'ed25519:' + 'ab'.repeat(32), '--id', 'x', '--kind', 'human']);
    assert.is(agentGenesis.code, 2);
    assert.match(agentGenesis.stderr, 'must be signed by a human key');

    chmodSync(bot.file, 0o640);
    const open = aura(sb, repo, ['key', 'add', 'ed25519:' + 'ab'.repeat(32), '--id', 'x', '--kind', 'human']);
    assert.is(open.code, 2);
    assert.match(open.stderr, 'accessible by other users (mode 0640)');
    assert.match(open.stderr, `chmod 600 ${bot.file}`);
  } finally {
    sb.cleanup();
  }
});

test('a torn log: key add refuses with the repair command and writes nothing', () => {
  const sb = sandbox();
  try {
    const repo = newRepo(sb);
    const bot = initKey(sb, repo, ['--agent', 'ci-bot']);
    initKey(sb, repo, ['--id', 'alice@example.ch', '--default']);
    assert.is(aura(sb, repo, ['key', 'add', bot.pubkey, '--id', 'ci-bot', '--kind', 'agent']).code, 0);
    const log = join(repo, '.aura', 'intent_log.jsonl');
    appendFileSync(log, '{"version":1,"id":"in_01');
    const before = readFileSync(log);
    const r = aura(sb, repo, ['key', 'revoke', 'ci-bot', '--reason', 'x']);
    assert.is(r.code, 2);
    assert.match(r.stderr, `${log}:3: the last line is incomplete`);
    assert.match(r.stderr, 'aura audit repair');
    assert.ok(readFileSync(log).equals(before));
    gitIn(sb, repo, ['status', '--porcelain']); // still a healthy repository
  } finally {
    sb.cleanup();
  }
});

test.run();
