// The per-user trust cache follows the hook's own appends (so the next commit replays
// nothing), and never claims more than a full replay of the log would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitIn, sandbox, writeFile } from './helpers/env';
import { auraRepo, mustCommit, worktreeLog } from './hooks-fixture';

const sb = sandbox();

function cacheOf(): { size: number; tips: { tip: { hash: string } }[] } {
  const dir = join(sb.home, '.cache', 'aura', 'trust');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.is(files.length, 1, 'one log, one cache file');
  return JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
}

test('after a commit the cache covers the whole log, the new entry as its only tip', () => {
  const dir = auraRepo(sb, 'cached');
  writeFile(dir, 'a.py', 'def a():\n    return 1\n');
  gitIn(sb, dir, ['add', '-A']);
  mustCommit(sb, dir, ['-m', 'Add a']);
  writeFile(dir, 'a.py', 'def a():\n    return 2\n');
  mustCommit(sb, dir, ['-am', 'Make a return 2']);
  const log = join(dir, '.aura', 'intent_log.jsonl');
  const c = cacheOf();
  assert.is(c.size, statSync(log).size);
  const last = worktreeLog(dir).pop()!;
  assert.equal(c.tips.map((t) => t.tip.hash), [last.hash]);
});

test('a cache that no longer matches the log is not believed: the hook replays and refuses a forged trust entry', () => {
  const dir = auraRepo(sb, 'forged');
  mustCommit(sb, dir, ['-m', 'Set up aura']);
  const log = join(dir, '.aura', 'intent_log.jsonl');
  // Rewrite the genesis entry's intent in place (same size): the cached prefix no longer
  // matches, the full replay checks the genesis hash and fails closed.
  const text = readFileSync(log, 'utf8');
  assert.match(text, 'start the intent log');
  writeFileSync(log, text.replace('start the intent log', 'START the intent log'));
  writeFile(dir, 'b.py', 'def b():\n    return 1\n');
  gitIn(sb, dir, ['add', '-A']);
  const r = gitIn(sb, dir, ['commit', '-m', 'Add b'], { allowFail: true });
  assert.is.not(r.code, 0, 'the commit is refused');
  assert.match(r.stderr, /HASH_MISMATCH/, 'the tampered entry is named');
});

test.after(() => sb.cleanup());
test.run();
