// A damaged working-tree log (conflict markers, a line edited by hand) through real git: every
// commit is refused with a message naming `aura audit repair` and `git restore`; repair shows
// the lines not in HEAD's committed log that do not verify, moves them to a side file (kept),
// leaves valid uncommitted entries and committed lines alone; commits work again.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertLogged, commit, mustCommit, repoWithAuth, worktreeLog } from './hooks-fixture';

const sideFiles = (dir: string) => readdirSync(join(dir, '.aura')).filter((n) => n.includes('.set-aside-'));

test('conflict markers and an edited line at the end of the log: refused with both ways out; repair sets them aside', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const log = join(dir, '.aura', 'intent_log.jsonl');
    // a valid entry not committed yet (an admin command), then damage after it
    const k = aura(sb, dir, ['key', 'init', '--agent', 'bot']);
    const pub = /public key +(ed25519:[0-9a-f]+)/.exec(k.stdout)![1];
    assert.is(aura(sb, dir, ['key', 'add', pub, '--id', 'bot', '--kind', 'agent']).code, 0);
    const valid = readFileSync(log);
    const last = JSON.parse(valid.toString('utf8').trimEnd().split('\n').pop()!);
    const edited = JSON.stringify({ ...last, intent: 'add agent key bot as admin' });
    const damage = `<<<<<<< HEAD\n${edited}\n=======\n>>>>>>> topic\n`;
    appendFileSync(log, damage);

    writeFile(dir, 'src/x.ts', 'export const x = 1;\n');
    gitIn(sb, dir, ['add', 'src/x.ts']);
    const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout;
    const refused = commit(sb, dir, ['-q', '-m', 'Add x']);
    assert.match(refused.stderr, /inconsistent at line \d+/);
    assert.match(refused.stderr, 'aura audit repair');
    assert.match(refused.stderr, /git restore --source=HEAD --staged --worktree -- \S*log\.jsonl/);
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout, head, 'no commit went through half-logged');
    gitIn(sb, dir, ['reset', '-q', '--soft', 'HEAD']);

    const r = aura(sb, dir, ['audit', 'repair']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, "4 lines not in HEAD's committed log did not verify");
    assert.match(r.stdout, /line \d+: MALFORMED_ENTRY .*\n +<<<<<<< HEAD/);
    assert.match(r.stdout, /line \d+: HASH_MISMATCH/);
    const side = sideFiles(dir);
    assert.is(side.length, 1);
    assert.is(readFileSync(join(dir, '.aura', side[0]), 'utf8'), damage, 'the damaged lines are kept, exactly');
    assert.ok(readFileSync(log).equals(valid), 'the valid uncommitted key-add stays; nothing else changed');

    const v = aura(sb, dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout);
    mustCommit(sb, dir, ['-q', '-m', 'Add x']);
    assertLogged(sb, dir);
    assert.ok(worktreeLog(dir).some((e) => e.capability === 'key-add' && e.key === pub));

    const again = aura(sb, dir, ['audit', 'repair']);
    assert.is(again.code, 1);
    assert.match(again.stderr, 'nothing to repair');
  } finally {
    sb.cleanup();
  }
});

test('repair never touches a bad line that HEAD already committed', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const log = join(dir, '.aura', 'intent_log.jsonl');
    appendFileSync(log, '{"not":"an entry"}\n');
    gitIn(sb, dir, ['add', '.aura/intent_log.jsonl']);
    mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Commit a bad line']);
    const before = readFileSync(log);
    const r = aura(sb, dir, ['audit', 'repair']);
    assert.is(r.code, 1);
    assert.match(r.stderr, "1 line(s) of HEAD's committed log do not verify");
    assert.ok(readFileSync(log).equals(before));
    assert.is(sideFiles(dir).length, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
