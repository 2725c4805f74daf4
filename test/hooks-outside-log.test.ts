// [intent] in_repo = false: the log lives under the Git common dir, outside every commit's
// tree; commits are still checked, signed, logged and carry their trailer, and the log verifies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, newRepo, sandbox, writeFile } from './helpers/env';
import { assertClean, mustCommit, parseLog, trailerOf } from './hooks-fixture';

const sb = sandbox();

test('in_repo = false keeps the log in .git/aura and out of the commits', () => {
  const dir = newRepo(sb, 'outside');
  writeFile(dir, '.aura/config.toml', '[intent]\nin_repo = false\n');
  const init = aura(sb, dir, ['init']);
  assert.is(init.code, 0, init.stderr);
  const log = join(dir, '.git', 'aura', 'intent_log.jsonl');
  assert.ok(existsSync(log), 'the log starts under the git dir');
  assert.not.ok(existsSync(join(dir, '.aura', 'intent_log.jsonl')));
  writeFile(dir, 'app.py', 'def handler(event):\n    return event\n');
  gitIn(sb, dir, ['add', '-A']);
  mustCommit(sb, dir, ['-m', 'Add the event handler']);
  const t = trailerOf(sb, dir);
  assert.ok(t, 'HEAD carries the trailer');
  const lines = parseLog(readFileSync(log, 'utf8'));
  assert.ok(lines.some((e) => e.hash === t!.hash && e.capability === 'commit'), 'the entry is in the outside log');
  const tree = gitIn(sb, dir, ['ls-tree', '-r', '--name-only', 'HEAD']).stdout;
  assert.not.match(tree, 'log.jsonl', 'no commit carries the log');
  assertClean(sb, dir);
  const v = aura(sb, dir, ['audit', 'verify']);
  assert.is(v.code, 0, v.stdout + v.stderr);
});

test.after(() => sb.cleanup());
test.run();
